import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { SYSTEM_SHARED_USER, type Store } from '../../src/store/store.js';
import { rejectionOf } from '../helpers/caught.js';

const endpoint = (name: string) => ({
  guid: `guid-${name}`,
  name,
  type: 'fixture',
  apiEndpoint: `https://${name}.example.test`,
  skipSslValidation: false,
  clientId: 'cid',
  clientSecret: `secret-of-${name}`,
  metadata: { probed: name },
});
const token = (endpointGuid: string, userGuid: string, authToken: string) => ({
  endpointGuid,
  userGuid,
  authType: 'Bearer',
  authToken,
  admin: false,
  metadata: {},
});

describe('createEndpointMethods', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-endpoints-'));
    const key = { key: randomBytes(32), source: 'test' };
    store = openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => key });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores, lists, updates and deletes endpoints with their secret readable through the store', async () => {
    const inserted = await store.insertEndpoint(endpoint('b'));
    await store.insertEndpoint({ ...endpoint('a'), subType: 'sub', caCert: 'PEM' });
    expect(inserted.createdAt).to.be.a('number');
    expect((await store.listEndpoints()).map((e) => e.name)).to.deep.equal(['a', 'b']);
    expect(await store.getEndpoint('guid-a')).to.deep.include({ ...endpoint('a'), subType: 'sub', caCert: 'PEM' });
    const updated = await store.updateEndpoint('guid-b', { name: 'b2', skipSslValidation: true, clientSecret: 'new' });
    expect(updated).to.deep.include({ name: 'b2', skipSslValidation: true, clientSecret: 'new', clientId: 'cid' });
    expect(await store.updateEndpoint('nope', { name: 'x' })).to.equal(undefined);
    expect(await store.deleteEndpoint('guid-a')).to.equal(true);
    expect(await store.deleteEndpoint('guid-a')).to.equal(false);
    expect((await store.listEndpoints()).map((e) => e.guid)).to.deep.equal(['guid-b']);
  });

  it('rejects with a UNIQUE constraint error when the name or the URL is taken', async () => {
    await store.insertEndpoint(endpoint('a'));
    const sameName = await rejectionOf(store.insertEndpoint({ ...endpoint('a'), guid: 'g2', apiEndpoint: 'https://other.test' }));
    expect(sameName.code).to.equal('SQLITE_CONSTRAINT_UNIQUE');
    const sameUrl = await rejectionOf(store.insertEndpoint({ ...endpoint('a'), guid: 'g3', name: 'other' }));
    expect(sameUrl.code).to.equal('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('finds the own token first, else the system-shared one, when a user asks', async () => {
    await store.insertEndpoint(endpoint('a'));
    await store.saveToken(token('guid-a', SYSTEM_SHARED_USER, 'shared'));
    expect((await store.findToken('guid-a', 'user-1'))?.authToken).to.equal('shared');
    await store.saveToken(token('guid-a', 'user-1', 'own'));
    expect((await store.findToken('guid-a', 'user-1'))?.authToken).to.equal('own');
    expect((await store.findToken('guid-a', 'user-2'))?.authToken).to.equal('shared');
    expect(await store.getToken('guid-a', 'user-2')).to.equal(undefined);
    await store.saveToken({ ...token('guid-a', 'user-1', 'replaced'), refreshToken: 'r', expiry: 5, account: 'acc' });
    expect(await store.getToken('guid-a', 'user-1')).to.deep.include({
      authToken: 'replaced',
      refreshToken: 'r',
      expiry: 5,
      account: 'acc',
    });
    expect(await store.deleteToken('guid-a', 'user-1')).to.equal(true);
    expect(await store.deleteToken('guid-a', 'user-1')).to.equal(false);
  });

  it("removes an endpoint's tokens with it, and all of them on request", async () => {
    await store.insertEndpoint(endpoint('a'));
    await store.insertEndpoint(endpoint('b'));
    for (const user of ['u1', 'u2']) await store.saveToken(token('guid-a', user, 't'));
    await store.saveToken(token('guid-b', 'u1', 't'));
    expect(await store.deleteTokens('guid-a')).to.equal(2);
    await store.saveToken(token('guid-b', 'u2', 't'));
    await store.deleteEndpoint('guid-b');
    expect(await store.findToken('guid-b', 'u1')).to.equal(undefined);
    expect(await store.findToken('guid-b', 'u2')).to.equal(undefined);
  });

  it('throws on secrets but keeps users working when opened without a key', async () => {
    await store.close();
    store = openSqliteStore(dataDir);
    expect(await store.countUsers()).to.equal(0);
    const error = await rejectionOf(store.insertEndpoint(endpoint('a')));
    expect(error.message).to.include('opened without an encryption key');
  });
});
