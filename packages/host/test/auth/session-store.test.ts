import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSessionStore } from '../../src/auth/session-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

describe('createSessionStore', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-sessions-'));
    store = openSqliteStore(dataDir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the data under the key and expires it after maxAge when maxAge is a number', async () => {
    const sessions = createSessionStore(store, 60_000);
    const before = Date.now();
    await sessions.set('key-1', { userGuid: 'g1', xsrf: 't' }, 5_000);
    const after = Date.now();

    expect(await sessions.get('key-1')).to.deep.equal({ userGuid: 'g1', xsrf: 't' });
    const record = await store.getSession('key-1');
    expect(record!.expiresAt).to.be.within(before + 5_000, after + 5_000);
  });

  it('uses the default lifetime when koa-session passes no number', async () => {
    const sessions = createSessionStore(store, 60_000);
    const before = Date.now();
    await sessions.set('key-2', { userGuid: 'g2' }, 'session');
    const after = Date.now();
    expect((await store.getSession('key-2'))!.expiresAt).to.be.within(before + 60_000, after + 60_000);
  });

  it('returns undefined when the key is unknown or destroyed', async () => {
    const sessions = createSessionStore(store, 60_000);
    expect(await sessions.get('never-set')).to.equal(undefined);
    await sessions.set('key-3', { userGuid: 'g3' }, 60_000);
    await sessions.destroy('key-3');
    expect(await sessions.get('key-3')).to.equal(undefined);
  });

  it('returns undefined when the stored session has expired', async () => {
    const sessions = createSessionStore(store, 60_000);
    await sessions.set('key-4', { userGuid: 'g4' }, -1);
    expect(await sessions.get('key-4')).to.equal(undefined);
  });
});
