import { expect } from 'chai';
import type { SessionUser } from '@stratos/plugin-sdk';
import { UserCache } from '../../src/auth/user-cache.js';

const alice: SessionUser = { guid: 'g-alice', name: 'alice', admin: false, scopes: ['stratos.user'] };

function countingLoader(users: Record<string, SessionUser | undefined>) {
  const calls: string[] = [];
  return {
    calls,
    load: async (guid: string) => {
      calls.push(guid);
      const user = users[guid];
      return user && { ...user, scopes: [...user.scopes] };
    },
  };
}

describe('UserCache', () => {
  it('reads the store once while the entry is fresh', async () => {
    const cache = new UserCache({ ttlMs: 1000 });
    const { calls, load } = countingLoader({ 'g-alice': alice });
    expect(await cache.get('g-alice', load, 0)).to.deep.equal(alice);
    expect(await cache.get('g-alice', load, 999)).to.deep.equal(alice);
    expect(calls).to.deep.equal(['g-alice']);
  });

  it('reads the store again once the entry is as old as the ttl, so a change reaches the gate', async () => {
    const cache = new UserCache({ ttlMs: 1000 });
    const users: Record<string, SessionUser | undefined> = { 'g-alice': alice };
    const { calls, load } = countingLoader(users);
    await cache.get('g-alice', load, 0);
    users['g-alice'] = { ...alice, admin: true, scopes: ['stratos.admin'] };
    expect((await cache.get('g-alice', load, 1000))?.admin).to.equal(true);
    users['g-alice'] = undefined;
    expect(await cache.get('g-alice', load, 2000)).to.equal(undefined);
    expect(calls).to.have.length(3);
  });

  it('hands every caller its own copy when a handler edits the user', async () => {
    const cache = new UserCache();
    const { load } = countingLoader({ 'g-alice': alice });
    const first = (await cache.get('g-alice', load, 0))!;
    first.scopes.push('stratos.admin');
    first.admin = true;
    expect(await cache.get('g-alice', load, 1)).to.deep.equal(alice);
  });

  it('does not remember unknown users when the store has none', async () => {
    const cache = new UserCache();
    const { calls, load } = countingLoader({});
    expect(await cache.get('g-nobody', load, 0)).to.equal(undefined);
    expect(await cache.get('g-nobody', load, 1)).to.equal(undefined);
    expect(calls).to.have.length(2);
  });

  it('starts over when full, so memory stays bounded', async () => {
    const cache = new UserCache({ maxEntries: 2 });
    const users = Object.fromEntries(['a', 'b', 'c'].map((g) => [g, { ...alice, guid: g }]));
    const { calls, load } = countingLoader(users);
    for (const guid of ['a', 'b', 'c', 'a']) await cache.get(guid, load, 0);
    expect(calls).to.deep.equal(['a', 'b', 'c', 'a']);
  });
});
