import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addUser, ADMIN_SCOPE } from '../../src/auth/users.js';
import { readUsers } from '../../src/store/read-users.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite-store.js';
import { rejectionOf } from '../helpers/caught.js';

describe('readUsers', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-read-users-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads no users and creates nothing when there is no store yet', async () => {
    const users = readUsers(path.join(dataDir, 'data'));
    expect(await users.countUsers()).to.equal(0);
    expect(await users.findUserByName('admin')).to.equal(undefined);
    expect(existsSync(path.join(dataDir, 'data'))).to.equal(false);
  });

  it('counts and finds the users of an existing store', async () => {
    const store = openSqliteStore(dataDir);
    await addUser(store, 'root', 'root-password-1', true);
    await addUser(store, 'bob', 'bob-password-1', false);
    await store.close();
    const users = readUsers(dataDir);
    expect(await users.countUsers()).to.equal(2);
    expect(await users.countUsers(ADMIN_SCOPE)).to.equal(1);
    expect((await users.findUserByName('bob'))?.scopes).to.deep.equal(['stratos.user']);
    expect(await users.findUserByName('alice')).to.equal(undefined);
  });

  it('throws STRATOS_ERR_STORE_OPEN when the store file is not a database', async () => {
    writeFileSync(path.join(dataDir, SQLITE_FILE), 'not a database at all, just text');
    const error = await rejectionOf(Promise.resolve().then(() => readUsers(dataDir)));
    expect(error.code).to.equal('STRATOS_ERR_STORE_OPEN');
  });
});
