import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'koa';
import { createSessionStore, slideSession } from '../../src/auth/session-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const newCtx = () => ({}) as Context;

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

  it('keeps the data under the key and expires it after the host timeout whatever maxAge koa-session passes', async () => {
    const sessions = createSessionStore(store, 60_000);
    const before = Date.now();
    await sessions.set('key-1', { userGuid: 'g1', xsrf: 't' }, 'session', { ctx: newCtx() });
    const after = Date.now();
    expect(await sessions.get('key-1', 'session', { ctx: newCtx() })).to.deep.equal({ userGuid: 'g1', xsrf: 't' });
    expect((await store.getSession('key-1'))!.expiresAt).to.be.within(before + 60_000, after + 60_000);
  });

  it('returns undefined when the key is unknown or destroyed', async () => {
    const sessions = createSessionStore(store, 60_000);
    expect(await sessions.get('never-set', undefined)).to.equal(undefined);
    await sessions.set('key-3', { userGuid: 'g3' }, undefined);
    await sessions.destroy('key-3');
    expect(await sessions.get('key-3', undefined)).to.equal(undefined);
  });

  it('returns undefined when the stored session has expired', async () => {
    const sessions = createSessionStore(store, -1);
    await sessions.set('key-4', { userGuid: 'g4' }, undefined);
    expect(await sessions.get('key-4', undefined)).to.equal(undefined);
  });
});

describe('slideSession', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-slide-'));
    store = openSqliteStore(dataDir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns undefined and writes nothing when the request has no stored session', async () => {
    expect(await slideSession(newCtx(), store, 60_000)).to.equal(undefined);
  });

  it('leaves the stored expiry alone while it is within one step of a full timeout', async () => {
    const timeout = 600_000;
    await store.setSession('s1', { data: { userGuid: 'g' }, expiresAt: Date.now() + timeout - 1_000 });
    const stored = (await store.getSession('s1'))!.expiresAt;
    const ctx = newCtx();
    await createSessionStore(store, timeout).get('s1', undefined, { ctx });
    expect(await slideSession(ctx, store, timeout)).to.equal(stored);
    expect((await store.getSession('s1'))!.expiresAt).to.equal(stored);
  });

  it('pushes the stored expiry to a full timeout from now once it fell behind by a step', async () => {
    const timeout = 600_000;
    await store.setSession('s2', { data: { userGuid: 'g' }, expiresAt: Date.now() + 1_000 });
    const ctx = newCtx();
    await createSessionStore(store, timeout).get('s2', undefined, { ctx });
    const before = Date.now();
    const expiresAt = await slideSession(ctx, store, timeout);
    expect(expiresAt).to.be.within(before + timeout, Date.now() + timeout);
    expect((await store.getSession('s2'))!.expiresAt).to.equal(expiresAt);
  });
});
