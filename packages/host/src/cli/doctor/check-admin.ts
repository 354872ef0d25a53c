import { ADMIN_NAME_TAKEN } from '../../auth/bootstrap-admin.js';
import { ADMIN_PASSWORD_VARIABLE, adminToCreate } from '../../auth/users.js';
import { readUsers } from '../../store/read-users.js';
import { errorFinding, type Finding } from './finding.js';

/**
 * What the next start does about the first administrator, read without writing: nothing when one
 * exists; else it creates `admin`, which fails when `STRATOS_ADMIN_PASSWORD` breaks the password rule.
 */
export async function checkAdmin(dataDir: string, env: NodeJS.ProcessEnv): Promise<Finding> {
  const subject = 'administrator';
  try {
    const plan = await adminToCreate(readUsers(dataDir), env);
    if (!plan) {
      const ignored = env[ADMIN_PASSWORD_VARIABLE] ? `; ${ADMIN_PASSWORD_VARIABLE} is ignored` : '';
      return { level: 'ok', subject, message: `one exists${ignored}` };
    }
    if (plan.blocked) return { level: 'warn', subject, message: ADMIN_NAME_TAKEN };
    const password = plan.given ? `the password from ${ADMIN_PASSWORD_VARIABLE}` : 'a generated password, printed once';
    return { level: 'ok', subject, message: `none yet; the next start creates 'admin' with ${password}` };
  } catch (error) {
    return errorFinding(subject, error);
  }
}
