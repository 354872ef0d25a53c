// A store holds secrets sealed with one key; opening it with another must stop before anything is
// written, so the store keeps a sealed check value and every open proves its key against it.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { hostError } from '../errors.js';
import { ENCRYPTION_KEY_FILE } from './encryption-key.js';
import { createSecretBox, type SecretBox } from './secret-box.js';
import type { SqliteStoreOptions } from './sqlite-store.js';

/** Key of the sealed value in `store_meta` that proves the key in use is the store's key. */
const KEY_CHECK = 'secrets_key_check';
const KEY_CHECK_PLAIN = 'stratos-secrets-key-check';

/** The sealed check value, when the store has one (and its table exists yet). */
export function readKeyCheck(db: Database.Database): string | undefined {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'").get();
  if (!table) return undefined;
  return (db.prepare('SELECT value FROM store_meta WHERE key = ?').get(KEY_CHECK) as { value: string } | undefined)?.value;
}

/** Seals the check value with `box` into a store that has none yet, so later opens can prove their key. */
export function writeKeyCheck(db: Database.Database, box: SecretBox): void {
  if (readKeyCheck(db) === undefined) {
    db.prepare('INSERT INTO store_meta (key, value) VALUES (?, ?)').run(KEY_CHECK, box.encrypt(KEY_CHECK_PLAIN));
  }
}

/** Resolves the key and proves it opens the store's check value; writes nothing. */
export function openSecretBox(
  db: Database.Database,
  file: string,
  encryptionKey: NonNullable<SqliteStoreOptions['encryptionKey']>,
): SecretBox | undefined {
  const check = readKeyCheck(db);
  const resolved = encryptionKey(check !== undefined);
  if (!resolved) {
    if (check === undefined) return undefined;
    throw hostError('STRATOS_ERR_STORE_KEY_MISSING', { file, keyFile: path.join(path.dirname(file), ENCRYPTION_KEY_FILE) });
  }
  const box = createSecretBox(resolved.key);
  if (check !== undefined) {
    let opened: string | undefined;
    try {
      opened = box.decrypt(check);
    } catch {
      // A wrong key fails GCM authentication; the detail adds nothing for the operator.
    }
    if (opened !== KEY_CHECK_PLAIN) throw hostError('STRATOS_ERR_STORE_KEY_MISMATCH', { file, source: resolved.source });
  }
  return box;
}
