// `stratos doctor` must check the encryption key without the side effects of opening the store
// (creating the file, migrating, sealing a check value), so it has its own read-only path.
import path from 'node:path';
import Database from 'better-sqlite3';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { openSecretBox, readKeyCheck } from './open-secret-box.js';
import { SQLITE_FILE, type SqliteStoreOptions } from './sqlite-store.js';

/**
 * Checks, opening the store read-only and writing nothing, that the key `encryptionKey` resolves
 * opens the sealed secrets of the store in `dataDir` (`stratos doctor`). Raises what opening the
 * store would (`STRATOS_ERR_STORE_KEY_MISSING` or `_MISMATCH`); says whether it holds secrets.
 */
export function checkStoreKey(
  dataDir: string,
  encryptionKey: NonNullable<SqliteStoreOptions['encryptionKey']>,
): { hasSecrets: boolean } {
  const file = path.join(dataDir, SQLITE_FILE);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw hostError('STRATOS_ERR_STORE_OPEN', { file, reason: describeError(error) }, error);
  }
  try {
    const hasSecrets = readKeyCheck(db) !== undefined;
    openSecretBox(db, file, encryptionKey);
    return { hasSecrets };
  } finally {
    db.close();
  }
}
