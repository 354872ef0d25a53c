import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEndpointAccess } from '../../src/endpoints/endpoint-access.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { SYSTEM_SHARED_USER, type Store } from '../../src/store/store.js';

const user = (guid: string) => ({ guid, name: guid, admin: false, scopes: [] });

describe('createEndpointAccess', () => {
  let dataDir: string;
  let store: Store;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-access-'));
    const key = { key: randomBytes(32), source: 'test' };
    store = openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => key });
    await store.insertEndpoint({
      guid: 'g1',
      name: 'one',
      type: 'fixture',
      apiEndpoint: 'https://one.test',
      skipSslValidation: true,
      clientId: 'cid',
      clientSecret: 'cs',
      metadata: { a: 1 },
      creator: 'u0',
    });
    await store.saveToken({
      endpointGuid: 'g1',
      userGuid: SYSTEM_SHARED_USER,
      authType: 'Bearer',
      authToken: 'shared',
      admin: false,
      metadata: {},
    });
    await store.saveToken({
      endpointGuid: 'g1',
      userGuid: 'u1',
      authType: 'HttpBasic',
      authToken: 'own',
      account: 'me',
      admin: true,
      metadata: { m: 1 },
    });
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists and gets endpoints without the client id, secret or store fields', async () => {
    const access = createEndpointAccess(store);
    const expected = {
      guid: 'g1',
      name: 'one',
      type: 'fixture',
      apiEndpoint: 'https://one.test',
      skipSslValidation: true,
      metadata: { a: 1 },
      creator: 'u0',
    };
    expect(await access.list()).to.deep.equal([expected]);
    expect(await access.get('g1')).to.deep.equal(expected);
    expect(await access.get('nope')).to.equal(undefined);
  });

  it("gives the user's own token, else the system-shared one, without store fields", async () => {
    const access = createEndpointAccess(store);
    expect(await access.tokenFor('g1', user('u1'))).to.deep.equal({
      authType: 'HttpBasic',
      authToken: 'own',
      account: 'me',
      admin: true,
      metadata: { m: 1 },
    });
    expect(await access.tokenFor('g1', user('u2'))).to.deep.equal({
      authType: 'Bearer',
      authToken: 'shared',
      admin: false,
      metadata: {},
    });
    expect(await access.tokenFor('nope', user('u1'))).to.equal(undefined);
  });
});
