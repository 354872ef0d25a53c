import type Router from '@koa/router';
import type { Middleware } from 'koa';

/** A router in the index, with the middleware that runs it. */
export interface RouteOwner {
  id: string;
  router: Router;
  dispatch: Middleware;
}

interface TrieNode {
  owners: RouteOwner[];
  children: Map<string, TrieNode>;
}

const DYNAMIC_SEGMENT = /[:*?(){}+\\]/;

/** The leading literal segments of a route path, lower-cased as @koa/router matches case-insensitively. */
export function literalPrefix(routePath: string | RegExp): string[] {
  if (typeof routePath !== 'string') return [];
  const segments: string[] = [];
  for (const segment of routePath.split('/')) {
    if (segment === '') continue;
    if (DYNAMIC_SEGMENT.test(segment)) break;
    segments.push(segment.toLowerCase());
  }
  return segments;
}

/**
 * Finds which router serves a request without trying every route: routes are filed in a trie by
 * the literal segments their path starts with, so a lookup only tests the routes whose literal
 * prefix the request path shares. With a chain of routers each request costs one regular
 * expression per route, so dispatch would slow down with every plugin added.
 *
 * Matching itself is left to each @koa/router (`router.match`), so plugins get exactly the path
 * syntax, parameters and `router.use` semantics they were written for.
 */
export class RouteIndex {
  #root: TrieNode = { owners: [], children: new Map() };
  #rank = new Map<RouteOwner, number>();

  /** Files every route of `owner`; owners added earlier win when two routes match. */
  add(owner: RouteOwner): void {
    this.#rank.set(owner, this.#rank.size);
    for (const layer of owner.router.stack) {
      if (layer.methods.length === 0) continue;
      let node = this.#root;
      for (const segment of literalPrefix(layer.path)) {
        let child = node.children.get(segment);
        if (!child) {
          child = { owners: [], children: new Map() };
          node.children.set(segment, child);
        }
        node = child;
      }
      if (!node.owners.includes(owner)) node.owners.push(owner);
    }
  }

  /**
   * The routers that may serve `path`, in the order added: those with a route whose literal
   * prefix the path shares. Only these need to try to match it.
   */
  candidates(path: string): RouteOwner[] {
    const candidates: RouteOwner[] = [...this.#root.owners];
    let node: TrieNode | undefined = this.#root;
    for (const segment of path.split('/')) {
      if (segment === '') continue;
      node = node.children.get(segment.toLowerCase());
      if (!node) break;
      candidates.push(...node.owners);
    }
    if (candidates.length > 1) candidates.sort((a, b) => this.#rank.get(a)! - this.#rank.get(b)!);
    return candidates;
  }

  /** The first router, in the order added, with a route for `method` and `path`. */
  find(method: string, path: string): RouteOwner | undefined {
    return this.candidates(path).find((owner) => owner.router.match(path, method).route);
  }

  /** Number of routers filed. */
  get size(): number {
    return this.#rank.size;
  }
}
