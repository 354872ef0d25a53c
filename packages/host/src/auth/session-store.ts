import type { Store } from '../store/store.js';

/** The external store koa-session writes session data to: only the id travels in the cookie. */
export interface KoaSessionStore {
  get(key: string): Promise<Record<string, unknown> | undefined>;
  set(key: string, session: Record<string, unknown>, maxAge: number | 'session' | undefined): Promise<void>;
  destroy(key: string): Promise<void>;
}

/** Adapts the host {@link Store} to koa-session's external store. */
export function createSessionStore(store: Store, defaultMaxAgeMs: number): KoaSessionStore {
  return {
    get: async (key) => (await store.getSession(key))?.data,
    async set(key, session, maxAge) {
      const ttl = typeof maxAge === 'number' ? maxAge : defaultMaxAgeMs;
      await store.setSession(key, { data: session, expiresAt: Date.now() + ttl });
    },
    destroy: (key) => store.destroySession(key),
  };
}
