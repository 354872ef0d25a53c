import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import type { EncryptionKey } from './encryption-key.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { notADirectory } from './nearest-existing.js';
import { openSecretBox, writeKeyCheck } from './open-secret-box.js';
import type { SecretBox } from './secret-box.js';
import { createEndpointMethods } from './sqlite-endpoints.js';
import type { SessionRecord, Store, UserRecord } from './store.js';

/** File name of the embedded store inside the data directory. */
export const SQLITE_FILE = 'stratos.sqlite';

/** A row of the `users` table. */
export interface UserRow {
  guid: string;
  name: string;
  password_hash: string;
  scopes: string;
  created_at: number;
}

/** The user record of a `users` row. */
export const toUser = (row: UserRow | undefined): UserRecord | undefined =>
  row && {
    guid: row.guid,
    name: row.name,
    passwordHash: row.password_hash,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
  };

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The key endpoint secrets are sealed with. Called once, with whether the store already holds
   * sealed secrets (then a new key must not be made); may return undefined when there is none.
   * Without this option the store opens, but reading or writing a secret throws.
   */
  encryptionKey?(hasSecrets: boolean): EncryptionKey | undefined;
}

/**
 * Opens (creating if needed) the embedded SQLite store in `dataDir` and brings its schema up to
 * date. A failing migration is rolled back whole and nothing is changed. With an encryption key,
 * the key is checked against the store's sealed check value before anything is written, so a
 * wrong key stops with `STRATOS_ERR_STORE_KEY_MISMATCH` and leaves the file as it was.
 *
 * @example
 * ```ts
 * const store = openSqliteStore('./data');
 * console.log(await store.countUsers());
 * await store.close();
 * ```
 */
export function openSqliteStore(
  dataDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
  options: SqliteStoreOptions = {},
): Store {
  const file = path.join(dataDir, SQLITE_FILE);
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw hostError('STRATOS_ERR_STORE_OPEN', { file, reason: notADirectory(dataDir) ?? describeError(error) }, error);
  }
  let schemaVersion: number;
  let box: SecretBox | undefined;
  try {
    box = options.encryptionKey && openSecretBox(db, file, options.encryptionKey);
    schemaVersion = migrate(db, file, migrations);
    if (box) writeKeyCheck(db, box);
  } catch (error) {
    db.close();
    throw error;
  }
  const secrets = (): SecretBox => {
    if (!box) throw new Error('the store was opened without an encryption key, so it cannot read or write endpoint secrets');
    return box;
  };

  const statements = {
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    countUsersWithScope: db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM users WHERE EXISTS (SELECT 1 FROM json_each(users.scopes) WHERE value = ?)',
    ),
    userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?'),
    userByGuid: db.prepare<[string], UserRow>('SELECT * FROM users WHERE guid = ?'),
    insertUser: db.prepare('INSERT INTO users (guid, name, password_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)'),
    getSession: db.prepare<[string], { data: string; expires_at: number }>('SELECT data, expires_at FROM sessions WHERE id = ?'),
    setSession: db.prepare(
      'INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
    ),
    touchSession: db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?'),
    destroySession: db.prepare('DELETE FROM sessions WHERE id = ?'),
    purgeSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };

  return {
    schemaVersion,
    countUsers: async (scope) =>
      (scope === undefined ? statements.countUsers.get() : statements.countUsersWithScope.get(scope))!.n,
    findUserByName: async (name) => toUser(statements.userByName.get(name)),
    findUserByGuid: async (guid) => toUser(statements.userByGuid.get(guid)),
    async createUser(user) {
      const createdAt = Date.now();
      statements.insertUser.run(user.guid, user.name, user.passwordHash, JSON.stringify(user.scopes), createdAt);
      return { ...user, createdAt };
    },
    async getSession(id): Promise<SessionRecord | undefined> {
      const row = statements.getSession.get(id);
      if (!row) return undefined;
      if (row.expires_at <= Date.now()) {
        statements.destroySession.run(id);
        return undefined;
      }
      return { data: JSON.parse(row.data) as Record<string, unknown>, expiresAt: row.expires_at };
    },
    async setSession(id, record) {
      statements.setSession.run(id, JSON.stringify(record.data), record.expiresAt);
    },
    async touchSession(id, expiresAt) {
      statements.touchSession.run(expiresAt, id);
    },
    async destroySession(id) {
      statements.destroySession.run(id);
    },
    purgeExpiredSessions: async (now) => statements.purgeSessions.run(now).changes,
    ...createEndpointMethods(db, secrets),
    async close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw hostError('STRATOS_ERR_STORE_NEWER', { file, version: current, known });
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    });
    try {
      apply();
    } catch (error) {
      throw hostError('STRATOS_ERR_STORE_MIGRATION', { file, version: migration.version, reason: describeError(error) }, error);
    }
  }
  return Math.max(current, known);
}
