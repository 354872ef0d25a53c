import { expect } from 'chai';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATIONS, type Migration } from '../../src/store/migrations.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/** Reads the file behind a store directly, to see what the store itself does not report. */
function inspect<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const tableNames = (dataDir: string): string[] =>
  inspect(dataDir, (db) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
      (row) => row.name,
    ),
  );

const appliedVersions = (dataDir: string): Array<{ version: number; name: string; applied_at: number }> =>
  inspect(dataDir, (db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as never);

const captureError = (run: () => unknown): { code?: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected the call to throw');
};

const user = (name: string) => ({ guid: `guid-${name}`, name, passwordHash: `hash-of-${name}`, scopes: ['stratos.user'] });

describe('openSqliteStore', () => {
  let dataDir: string;
  let store: Store | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-store-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the tables and records every migration when the data directory is empty', async () => {
    store = openSqliteStore(dataDir);
    const latest = MIGRATIONS.at(-1)!.version;
    expect(store.schemaVersion).to.equal(latest);
    expect(tableNames(dataDir)).to.include.members(['schema_migrations', 'users', 'sessions']);
    expect(appliedVersions(dataDir).map((row) => row.version)).to.deep.equal(MIGRATIONS.map((m) => m.version));
    expect(appliedVersions(dataDir)[0]!.name).to.equal(MIGRATIONS[0]!.name);
  });

  it('keeps its data and does not re-run migrations when reopened', async () => {
    store = openSqliteStore(dataDir);
    await store.createUser(user('carol'));
    const before = appliedVersions(dataDir);
    await store.close();

    // The first migration creates tables without IF NOT EXISTS: running it again would throw.
    store = openSqliteStore(dataDir);
    expect(appliedVersions(dataDir)).to.deep.equal(before);
    expect((await store.findUserByName('carol'))?.guid).to.equal('guid-carol');
    expect(await store.countUsers()).to.equal(1);
  });

  it('throws STRATOS_ERR_STORE_NEWER when the file was migrated by a newer host', async () => {
    await openSqliteStore(dataDir).close();
    const db = new Database(path.join(dataDir, SQLITE_FILE));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, 'from the future', 0);
    db.close();

    const error = captureError(() => openSqliteStore(dataDir));
    expect(error.code).to.equal('STRATOS_ERR_STORE_NEWER');
    expect(error.message)
      .to.contain('schema version 99')
      .and.contain(`(${MIGRATIONS.at(-1)!.version})`);
  });

  it('throws STRATOS_ERR_STORE_MIGRATION and applies nothing of the step when a migration fails', async () => {
    await openSqliteStore(dataDir).close();
    const broken: Migration = {
      version: MIGRATIONS.at(-1)!.version + 1,
      name: 'half done',
      sql: 'CREATE TABLE half_done (id TEXT); INSERT INTO no_such_table VALUES (1);',
    };

    const error = captureError(() => openSqliteStore(dataDir, [...MIGRATIONS, broken]));
    expect(error.code).to.equal('STRATOS_ERR_STORE_MIGRATION');
    expect(error.message).to.contain(`version ${broken.version}`).and.contain('no_such_table');
    expect(tableNames(dataDir)).to.not.include('half_done');
    expect(appliedVersions(dataDir).map((row) => row.version)).to.deep.equal(MIGRATIONS.map((m) => m.version));
  });

  it('leaves a new file without the tables of a failing first migration', () => {
    const broken: Migration = { version: 1, name: 'broken', sql: 'CREATE TABLE users (guid TEXT); CREATE TABLE oops (' };
    const error = captureError(() => openSqliteStore(dataDir, [broken]));
    expect(error.code).to.equal('STRATOS_ERR_STORE_MIGRATION');
    expect(tableNames(dataDir)).to.deep.equal(['schema_migrations']);
    expect(appliedVersions(dataDir)).to.deep.equal([]);
  });

  it('throws STRATOS_ERR_STORE_OPEN when the data directory is a regular file', () => {
    const file = path.join(dataDir, 'not-a-dir');
    writeFileSync(file, 'x');
    const error = captureError(() => openSqliteStore(file));
    expect(error.code).to.equal('STRATOS_ERR_STORE_OPEN');
    expect(error.message).to.contain(path.join(file, SQLITE_FILE)).and.contain('dataDir');
    expect(error.message).to.contain(`caused by '${file}' is not a directory`).and.not.contain('EEXIST');
  });

  it('names the file in the way when a parent of the data directory is a regular file', () => {
    const file = path.join(dataDir, 'occupied');
    writeFileSync(file, 'x');
    const error = captureError(() => openSqliteStore(path.join(file, 'data')));
    expect(error.code).to.equal('STRATOS_ERR_STORE_OPEN');
    expect(error.message).to.contain(`caused by '${file}' is not a directory`).and.not.contain('ENOTDIR');
  });

  describe('users', () => {
    it('creates users and finds them by name and guid', async () => {
      store = openSqliteStore(dataDir);
      expect(await store.countUsers()).to.equal(0);
      const created = await store.createUser({ ...user('dave'), scopes: ['stratos.admin', 'stratos.user'] });
      await store.createUser(user('erin'));

      expect(created.createdAt).to.be.a('number');
      expect(await store.countUsers()).to.equal(2);
      expect(await store.findUserByName('dave')).to.deep.equal(created);
      expect(await store.findUserByGuid('guid-erin')).to.include({ name: 'erin', passwordHash: 'hash-of-erin' });
      expect((await store.findUserByGuid('guid-erin'))?.scopes).to.deep.equal(['stratos.user']);
    });

    it('finds nothing when the name or guid is unknown', async () => {
      store = openSqliteStore(dataDir);
      await store.createUser(user('frank'));
      expect(await store.findUserByName('nobody')).to.equal(undefined);
      expect(await store.findUserByGuid('guid-nobody')).to.equal(undefined);
    });

    it('refuses a second user when the name is taken', async () => {
      store = openSqliteStore(dataDir);
      await store.createUser(user('gina'));
      let thrown: unknown;
      await store.createUser({ ...user('gina'), guid: 'another-guid' }).catch((error: unknown) => (thrown = error));
      expect(thrown).to.be.instanceOf(Error);
      expect(await store.countUsers()).to.equal(1);
    });
  });

  describe('sessions', () => {
    it('stores, replaces and destroys a session when it is live', async () => {
      store = openSqliteStore(dataDir);
      const expiresAt = Date.now() + 60_000;
      await store.setSession('s1', { data: { userGuid: 'g1' }, expiresAt });
      expect(await store.getSession('s1')).to.deep.equal({ data: { userGuid: 'g1' }, expiresAt });

      await store.setSession('s1', { data: { userGuid: 'g2' }, expiresAt: expiresAt + 1 });
      expect(await store.getSession('s1')).to.deep.equal({ data: { userGuid: 'g2' }, expiresAt: expiresAt + 1 });

      await store.destroySession('s1');
      expect(await store.getSession('s1')).to.equal(undefined);
    });

    it('returns nothing and deletes the row when the session has expired', async () => {
      store = openSqliteStore(dataDir);
      await store.setSession('old', { data: { userGuid: 'g' }, expiresAt: Date.now() - 1 });
      expect(await store.getSession('old')).to.equal(undefined);
      const rows = inspect(dataDir, (db) => db.prepare('SELECT id FROM sessions').all());
      expect(rows).to.deep.equal([]);
    });

    it('purges only the sessions expired at the given time', async () => {
      store = openSqliteStore(dataDir);
      const now = Date.now();
      await store.setSession('a', { data: {}, expiresAt: now - 10 });
      await store.setSession('b', { data: {}, expiresAt: now });
      await store.setSession('c', { data: {}, expiresAt: now + 60_000 });

      expect(await store.purgeExpiredSessions(now)).to.equal(2);
      const ids = inspect(dataDir, (db) =>
        (db.prepare('SELECT id FROM sessions').all() as Array<{ id: string }>).map((r) => r.id),
      );
      expect(ids).to.deep.equal(['c']);
      expect(await store.purgeExpiredSessions(now)).to.equal(0);
    });
  });
});

describe('openSqliteStore with an encryption key', () => {
  let dataDir: string;
  const key = (source = 'test') => ({ key: randomBytes(32), source });
  const secret = {
    guid: 'g',
    name: 'n',
    type: 't',
    apiEndpoint: 'https://x.test',
    skipSslValidation: false,
    clientSecret: 'cs',
    metadata: {},
  };

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-store-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps a sealed check value and reopens when the key is the same', async () => {
    const same = key();
    const asked: boolean[] = [];
    const open = () => openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: (has) => (asked.push(has), same) });
    let store = open();
    await store.insertEndpoint(secret);
    await store.close();
    store = open();
    expect((await store.getEndpoint('g'))?.clientSecret).to.equal('cs');
    await store.close();
    expect(asked).to.deep.equal([false, true]);
    const check = inspect(dataDir, (db) => db.prepare('SELECT value FROM store_meta').all()) as Array<{ value: string }>;
    expect(check).to.have.length(1);
    expect(check[0]!.value).to.match(/^v1\./);
  });

  it('throws STRATOS_ERR_STORE_KEY_MISMATCH naming the key source and leaves the file as it was when the key is another', async () => {
    const store = openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => key() });
    await store.insertEndpoint(secret);
    await store.close();
    const file = path.join(dataDir, SQLITE_FILE);
    const before = readFileSync(file);
    const error = captureError(() =>
      openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => key('STRATOS_ENCRYPTION_KEY') }),
    );
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_MISMATCH');
    expect(error.message).to.include(
      `The store '${file}' holds secrets that the encryption key from STRATOS_ENCRYPTION_KEY cannot decrypt`,
    );
    expect(readFileSync(file).equals(before)).to.equal(true);
  });

  it('throws STRATOS_ERR_STORE_KEY_MISSING when the store has secrets and no key is available', async () => {
    const store = openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => key() });
    await store.close();
    const error = captureError(() => openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => undefined }));
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_MISSING');
    expect(error.message).to.include('STRATOS_ENCRYPTION_KEY is not set');
  });
});
