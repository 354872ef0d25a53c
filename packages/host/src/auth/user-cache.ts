import type { SessionUser } from '@stratos/plugin-sdk';

/** Options of {@link UserCache}. */
export interface UserCacheOptions {
  /** How long a user read from the store is reused. */
  ttlMs?: number;
  /** Most users remembered; past it the cache starts over, so memory stays bounded. */
  maxEntries?: number;
}

interface Entry {
  user: SessionUser;
  loadedAt: number;
}

/**
 * Remembers the users behind sessions for a short while, so the session gate does not read the
 * store on every request of a busy user. A change to a user (scopes, removal) reaches the gate
 * within `ttlMs`. Every caller gets its own copy, so a handler editing `ctx.state.user` changes
 * nothing for the next request.
 */
export class UserCache {
  #entries = new Map<string, Entry>();
  #ttlMs: number;
  #maxEntries: number;

  constructor(options: UserCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 1000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** The user with `guid`, from the cache while fresh, else from `load` (undefined: no such user). */
  async get(
    guid: string,
    load: (guid: string) => Promise<SessionUser | undefined>,
    now = Date.now(),
  ): Promise<SessionUser | undefined> {
    let entry = this.#entries.get(guid);
    if (!entry || now - entry.loadedAt >= this.#ttlMs) {
      const user = await load(guid);
      if (!user) {
        this.#entries.delete(guid);
        return undefined;
      }
      if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
      entry = { user, loadedAt: now };
      this.#entries.set(guid, entry);
    }
    return { ...entry.user, scopes: [...entry.user.scopes] };
  }
}
