import { randomBytes, randomUUID } from 'node:crypto';
import { hostError } from '../errors.js';
import type { Store, UserRecord } from '../store/store.js';
import { hashPassword } from './password.js';

/** The scope that makes a user an administrator. */
export const ADMIN_SCOPE = 'stratos.admin';
/** Shortest password accepted for a local account. */
export const MIN_PASSWORD_LENGTH = 8;
/** The variable that chooses the password of the first administrator. */
export const ADMIN_PASSWORD_VARIABLE = 'STRATOS_ADMIN_PASSWORD';

/** What {@link adminToCreate} needs of the store: a read-only snapshot will do. */
export type UserLookup = Pick<Store, 'countUsers' | 'findUserByName'>;

/**
 * Throws `STRATOS_ERR_AUTH_WEAK_PASSWORD` when `password` breaks the rule for local accounts;
 * `source` (e.g. a variable) says where the password came from, so the message can name it.
 */
export function checkPassword(user: string, password: string, source?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw hostError('STRATOS_ERR_AUTH_WEAK_PASSWORD', { user, minLength: MIN_PASSWORD_LENGTH, source });
  }
}

/** Creates a local user; `admin` adds the {@link ADMIN_SCOPE} scope. */
export async function addUser(store: Store, name: string, password: string, admin: boolean): Promise<UserRecord> {
  checkPassword(name, password);
  if (await store.findUserByName(name)) throw hostError('STRATOS_ERR_CLI_USER_EXISTS', { user: name });
  return store.createUser({
    guid: randomUUID(),
    name,
    passwordHash: await hashPassword(password),
    scopes: admin ? [ADMIN_SCOPE, 'stratos.user'] : ['stratos.user'],
  });
}

/**
 * What {@link ensureAdmin} would do, without writing: undefined when an administrator exists;
 * `blocked` when a non-admin user holds the name `admin`; else `admin` is to be created, with
 * `given` from `STRATOS_ADMIN_PASSWORD` (checked against the password rule here, so a start can
 * fail before it writes anything) or, without it, a generated password.
 */
export async function adminToCreate(
  users: UserLookup,
  env: NodeJS.ProcessEnv,
): Promise<{ name: 'admin'; blocked: boolean; given?: string } | undefined> {
  if ((await users.countUsers(ADMIN_SCOPE)) > 0) return undefined;
  // A non-admin account already holds the name: leave it alone and let the caller say so.
  if (await users.findUserByName('admin')) return { name: 'admin', blocked: true };
  const given = env[ADMIN_PASSWORD_VARIABLE];
  if (!given) return { name: 'admin', blocked: false };
  checkPassword('admin', given, ADMIN_PASSWORD_VARIABLE);
  return { name: 'admin', blocked: false, given };
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
  const plan = await adminToCreate(store, env);
  if (!plan) return undefined;
  if (plan.blocked) return { name: plan.name, blocked: true };
  const password = plan.given ?? randomBytes(18).toString('base64url');
  await addUser(store, plan.name, password, true);
  return plan.given ? { name: plan.name } : { name: plan.name, generatedPassword: password };
}
