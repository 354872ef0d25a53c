// `stratos doctor` must check the encryption key without the side effects of opening the store
// (creating the file, migrating, sealing a check value), so it has its own read-only path.
import path from 'node:path';
import { openReadOnly } from './open-read-only.js';
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
  const db = openReadOnly(file);
  try {
    const hasSecrets = readKeyCheck(db) !== undefined;
    openSecretBox(db, file, encryptionKey);
    return { hasSecrets };
  } finally {
    db.close();
  }
}
