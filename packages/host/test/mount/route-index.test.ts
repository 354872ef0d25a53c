import Router from '@koa/router';
import { expect } from 'chai';
import type { Middleware } from 'koa';
import { literalPrefix, RouteIndex, type RouteOwner } from '../../src/mount/route-index.js';

const handler = () => undefined;

function owner(id: string, build: (router: Router) => void, prefix?: string): RouteOwner {
  const router = new Router(prefix ? { prefix } : {});
  build(router);
  return { id, router, dispatch: router.routes() as Middleware };
}

function indexOf(...owners: RouteOwner[]): RouteIndex {
  const index = new RouteIndex();
  for (const o of owners) index.add(o);
  return index;
}

describe('literalPrefix', () => {
  it('returns every segment, lower-cased, when the path is all literal', () => {
    expect(literalPrefix('/pp/v1/Good/Hello')).to.deep.equal(['pp', 'v1', 'good', 'hello']);
  });

  it('stops at the first segment when it holds a parameter or pattern', () => {
    expect(literalPrefix('/pp/v1/items/:id/notes')).to.deep.equal(['pp', 'v1', 'items']);
    expect(literalPrefix('/pp/v1/files/*path')).to.deep.equal(['pp', 'v1', 'files']);
    expect(literalPrefix('/pp/v1/docs{/:page}')).to.deep.equal(['pp', 'v1']);
  });

  it('returns no segment when the first one is a parameter', () => {
    expect(literalPrefix('/:tenant/items')).to.deep.equal([]);
  });

  it('returns no segment when the path is a regular expression', () => {
    expect(literalPrefix(/^\/pp\/v1\/x$/)).to.deep.equal([]);
  });

  it('ignores empty segments when the path has doubled or trailing slashes', () => {
    expect(literalPrefix('//pp/v1//good/')).to.deep.equal(['pp', 'v1', 'good']);
    expect(literalPrefix('/')).to.deep.equal([]);
  });
});

describe('RouteIndex', () => {
  it('finds the router of a literal route, and nothing when the path is unknown', () => {
    const a = owner('a', (r) => r.get('/pp/v1/a/hello', handler));
    const b = owner('b', (r) => r.get('/pp/v1/b/hello', handler));
    const index = indexOf(a, b);
    expect(index.find('GET', '/pp/v1/b/hello')).to.equal(b);
    expect(index.find('GET', '/pp/v1/a/hello')).to.equal(a);
    expect(index.find('GET', '/pp/v1/c/hello')).to.equal(undefined);
    expect(index.find('GET', '/pp/v1/a')).to.equal(undefined);
    expect(index.size).to.equal(2);
  });

  it('returns the first-added router when two routers match the same request', () => {
    const first = owner('first', (r) => r.get('/pp/v1/:anything', handler));
    const second = owner('second', (r) => r.get('/pp/v1/fixed', handler));
    expect(indexOf(first, second).find('GET', '/pp/v1/fixed')).to.equal(first);
    expect(indexOf(second, first).find('GET', '/pp/v1/fixed')).to.equal(second);
  });

  it('matches the method when two routers share a path', () => {
    const reader = owner('reader', (r) => r.get('/pp/v1/notes', handler));
    const writer = owner('writer', (r) => r.post('/pp/v1/notes', handler));
    const index = indexOf(reader, writer);
    expect(index.find('GET', '/pp/v1/notes')).to.equal(reader);
    expect(index.find('HEAD', '/pp/v1/notes')).to.equal(reader);
    expect(index.find('POST', '/pp/v1/notes')).to.equal(writer);
    expect(index.find('DELETE', '/pp/v1/notes')).to.equal(undefined);
  });

  it('finds a route with parameters when the request fills them', () => {
    const items = owner('items', (r) => r.get('/items/:id/notes/:note', handler), '/pp/v1');
    const index = indexOf(items);
    expect(index.find('GET', '/pp/v1/items/42/notes/7')).to.equal(items);
    expect(index.find('GET', '/pp/v1/items/42')).to.equal(undefined);
  });

  it('matches regardless of letter case when the request and route differ in case', () => {
    const good = owner('good', (r) => r.get('/pp/v1/Good/Hello', handler));
    expect(indexOf(good).find('GET', '/PP/v1/good/HELLO')).to.equal(good);
  });

  it('finds a route in rank order with literal routes when its first segment is a parameter', () => {
    const tenant = owner('tenant', (r) => r.get('/:tenant/items', handler));
    const literal = owner('literal', (r) => r.get('/acme/items', handler));
    expect(indexOf(tenant, literal).find('GET', '/acme/items')).to.equal(tenant);
    expect(indexOf(literal, tenant).find('GET', '/acme/items')).to.equal(literal);
    expect(indexOf(literal, tenant).find('GET', '/other/items')).to.equal(tenant);
  });

  it('finds a route declared with a regular expression when it matches the request', () => {
    const legacy = owner('legacy', (r) => r.get(/^\/pp\/v1\/legacy\/\d+$/, handler));
    const index = indexOf(legacy);
    expect(index.find('GET', '/pp/v1/legacy/12')).to.equal(legacy);
    expect(index.find('GET', '/pp/v1/legacy/abc')).to.equal(undefined);
  });

  it('finds nothing when a router has only middleware layers', () => {
    const middlewareOnly = owner('mw', (r) => r.use(async (_ctx, next) => next()));
    expect(indexOf(middlewareOnly).find('GET', '/pp/v1/anything')).to.equal(undefined);
  });

  it('keeps finding routes when many routers are filed', () => {
    const owners = Array.from({ length: 200 }, (_, i) => owner(`p${i}`, (r) => r.get(`/pp/v1/p${i}/items/:id`, handler)));
    const index = indexOf(...owners);
    expect(index.find('GET', '/pp/v1/p137/items/9')).to.equal(owners[137]);
    expect(index.find('GET', '/pp/v1/p200/items/9')).to.equal(undefined);
  });
});
