// `stratos start` and `stratos doctor` decide about the first administrator before anything is
// written, so they read the users without opening the store for writing (no file, no migration).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { openReadOnly } from './open-read-only.js';
import { SQLITE_FILE, toUser, type UserRow } from './sqlite-store.js';
import type { Store, UserRecord } from './store.js';

/**
 * A snapshot of the users in the store of `dataDir`, read read-only; a store that does not exist
 * yet (or has no users table) has none. Raises `STRATOS_ERR_STORE_OPEN` when the file cannot be read.
 */
export function readUsers(dataDir: string): Pick<Store, 'countUsers' | 'findUserByName'> {
  const file = path.join(dataDir, SQLITE_FILE);
  const users: UserRecord[] = [];
  if (existsSync(file)) {
    const db = openReadOnly(file);
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get();
      if (table) for (const row of db.prepare<[], UserRow>('SELECT * FROM users').all()) users.push(toUser(row)!);
    } catch (error) {
      throw hostError('STRATOS_ERR_STORE_OPEN', { file, reason: describeError(error) }, error);
    } finally {
      db.close();
    }
  }
  return {
    countUsers: async (scope) => users.filter((user) => scope === undefined || user.scopes.includes(scope)).length,
    findUserByName: async (name) => users.find((user) => user.name === name),
  };
}
