import { randomBytes, randomUUID } from 'node:crypto';
import { hostError } from '../errors.js';
import type { Store, UserRecord } from '../store/store.js';
import { hashPassword } from './password.js';

/** The scope that makes a user an administrator. */
export const ADMIN_SCOPE = 'stratos.admin';
/** Shortest password accepted for a local account. */
export const MIN_PASSWORD_LENGTH = 8;

/** Creates a local user; `admin` adds the {@link ADMIN_SCOPE} scope. */
export async function addUser(store: Store, name: string, password: string, admin: boolean): Promise<UserRecord> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw hostError('STRATOS_ERR_AUTH_WEAK_PASSWORD', { user: name, minLength: MIN_PASSWORD_LENGTH });
  }
  if (await store.findUserByName(name)) throw hostError('STRATOS_ERR_CLI_USER_EXISTS', { user: name });
  return store.createUser({
    guid: randomUUID(),
    name,
    passwordHash: await hashPassword(password),
    scopes: admin ? [ADMIN_SCOPE, 'stratos.user'] : ['stratos.user'],
  });
}

/**
 * When no administrator exists, creates `admin` with `STRATOS_ADMIN_PASSWORD`, or a generated
 * password that is returned so the caller can print it once. Users added before the first start
 * (`stratos users add`) do not stop this. Returns what was done, or undefined when an
 * administrator already exists.
 */
export async function ensureAdmin(
  store: Store,
  env: NodeJS.ProcessEnv,
): Promise<{ name: string; generatedPassword?: string; blocked?: boolean } | undefined> {
  if ((await store.countUsers(ADMIN_SCOPE)) > 0) return undefined;
  // A non-admin account already holds the name: leave it alone and let the caller say so.
  if (await store.findUserByName('admin')) return { name: 'admin', blocked: true };
  const given = env.STRATOS_ADMIN_PASSWORD;
  const password = given || randomBytes(18).toString('base64url');
  await addUser(store, 'admin', password, true);
  return given ? { name: 'admin' } : { name: 'admin', generatedPassword: password };
}
