import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FavoritesStore } from '../src/favorites-store.js';
import type { UserFavorite } from '../src/favorite.js';

const favorite = (entityId: string, endpointId = 'e1'): UserFavorite => ({
  guid: `${entityId}-${endpointId}-app-cf`,
  endpointId,
  endpointType: 'cf',
  entityType: 'app',
  entityId,
  metadata: {},
});

describe('FavoritesStore', () => {
  let dir: string;
  let store: FavoritesStore;

  beforeEach(async () => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'stratos-favorites-store-')), 'users');
    store = new FavoritesStore(dir);
    await store.open();
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  const append = (user: string, item: UserFavorite) =>
    store.update(user, (favorites) => ({ result: undefined, next: [...favorites, item] }));

  it('keeps one file per user named by the base64url of the guid when users write', async () => {
    await append('../alice', favorite('a'));
    await append('bob', favorite('b'));
    expect(readdirSync(dir).sort()).to.deep.equal(
      [`${Buffer.from('../alice').toString('base64url')}.json`, `${Buffer.from('bob').toString('base64url')}.json`].sort(),
    );
    expect(await store.list('../alice')).to.deep.equal([favorite('a')]);
    expect(await store.list('carol')).to.deep.equal([]);
  });

  it('applies every change when many run at once for one user', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append('alice', favorite(`x${i}`))));
    await store.idle();
    expect((await store.list('alice')).map((f) => f.entityId).sort()).to.deep.equal(
      Array.from({ length: 40 }, (_, i) => `x${i}`).sort(),
    );
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('leaves the file as it was and goes on with the queue when a change throws', async () => {
    await append('alice', favorite('a'));
    const failed = store.update('alice', () => {
      throw new Error('no');
    });
    const next = append('alice', favorite('b'));
    const error = await failed.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('no');
    await next;
    expect((await store.list('alice')).map((f) => f.entityId)).to.deep.equal(['a', 'b']);
  });

  it('refuses to read or overwrite a file when it is not valid JSON', async () => {
    const file = path.join(dir, `${Buffer.from('alice').toString('base64url')}.json`);
    writeFileSync(file, '{"favorites": [');
    const error = await store.list('alice').catch((e: Error) => e);
    expect((error as Error).message).to.match(/^Favourites file '.+\.json' is not valid JSON$/);
    await append('alice', favorite('a')).catch(() => undefined);
    expect(readdirSync(dir).filter((name) => name.endsWith('.json'))).to.have.length(1);
    expect(readFileSync(file, 'utf8')).to.equal('{"favorites": [');
  });

  it('removes temporary files a crash left when it opens', async () => {
    writeFileSync(path.join(dir, 'YWxpY2U.json.1234.tmp'), 'half');
    await new FavoritesStore(dir).open();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it("removes an endpoint's favourites from every user when removeEndpoint is called", async () => {
    await append('alice', favorite('a', 'gone'));
    await append('alice', favorite('b', 'kept'));
    await append('bob', favorite('c', 'gone'));
    expect(await store.removeEndpoint('gone')).to.equal(2);
    expect((await store.list('alice')).map((f) => f.entityId)).to.deep.equal(['b']);
    expect(await store.list('bob')).to.deep.equal([]);
  });
});
