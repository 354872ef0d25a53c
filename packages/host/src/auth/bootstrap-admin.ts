import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import { ensureAdmin } from './users.js';

/** Said when no administrator exists but a non-admin user holds the name `admin`. */
export const ADMIN_NAME_TAKEN =
  "no administrator exists and the name 'admin' is taken by a non-admin user; add one with 'stratos users add <name> --admin'";

/**
 * Creates the first administrator when none exists ({@link ensureAdmin}) and tells about it:
 * `onCreated` with the generated password (undefined for `STRATOS_ADMIN_PASSWORD`), or a warning
 * when the name `admin` is taken. Does nothing once an administrator exists.
 */
export async function bootstrapAdmin(
  store: Store,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  onCreated?: (name: string, generatedPassword: string | undefined) => void,
): Promise<void> {
  const created = await ensureAdmin(store, env);
  if (created?.blocked) logger.warn(ADMIN_NAME_TAKEN);
  else if (created) onCreated?.(created.name, created.generatedPassword);
}
