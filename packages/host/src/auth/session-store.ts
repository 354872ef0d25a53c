import type { Context } from 'koa';
import type { Store } from '../store/store.js';

/** The session id and expiry of the request's session, as read from the store. */
export interface SessionMeta {
  id: string;
  expiresAt: number;
}

const META = Symbol('stratos.session');

/** The external store koa-session keeps session data in: only the id travels in the cookie. */
export interface KoaSessionStore {
  get(key: string, maxAge: unknown, options?: { ctx?: Context }): Promise<Record<string, unknown> | undefined>;
  set(key: string, session: Record<string, unknown>, maxAge: unknown, options?: { ctx?: Context }): Promise<void>;
  destroy(key: string): Promise<void>;
}

/**
 * Adapts the host {@link Store} to koa-session. The store owns expiry (`timeoutMs` after the last
 * use, see {@link slideSession}); the cookie itself lasts the browser session, so it is not
 * re-signed and re-sent on every response.
 */
export function createSessionStore(store: Store, timeoutMs: number): KoaSessionStore {
  return {
    async get(key, _maxAge, options) {
      const record = await store.getSession(key);
      if (record && options?.ctx)
        (options.ctx as unknown as { [META]?: SessionMeta })[META] = { id: key, expiresAt: record.expiresAt };
      return record?.data;
    },
    async set(key, session, _maxAge, options) {
      const expiresAt = Date.now() + timeoutMs;
      await store.setSession(key, { data: session, expiresAt });
      if (options?.ctx) (options.ctx as unknown as { [META]?: SessionMeta })[META] = { id: key, expiresAt };
    },
    destroy: (key) => store.destroySession(key),
  };
}

/**
 * Sliding expiry: pushes the session's expiry to `timeoutMs` from now. To spare the store a write
 * on every request, it writes only once the expiry has fallen behind by a tenth of the timeout
 * (at most a minute): an idle session ends between `timeoutMs` less that step and `timeoutMs`
 * after its last use, never later. Returns the expiry (unix ms), or undefined without a session.
 */
export async function slideSession(ctx: Context, store: Store, timeoutMs: number): Promise<number | undefined> {
  const meta = (ctx as unknown as { [META]?: SessionMeta })[META];
  if (!meta) return undefined;
  const now = Date.now();
  const step = Math.min(60_000, timeoutMs / 10);
  if (now + timeoutMs - meta.expiresAt >= step) {
    meta.expiresAt = now + timeoutMs;
    await store.touchSession(meta.id, meta.expiresAt);
  }
  return meta.expiresAt;
}
