import { createHash } from 'node:crypto';

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures allowed before attempts are refused for a while. */
  freeFailures?: number;
  /** First lock-out; it doubles with each further failure. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Most keys remembered; the oldest are forgotten first so memory stays bounded. */
  maxEntries?: number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
}

/**
 * Slows down password guessing: after a few failures for the same user name from the same
 * address, attempts are refused for a delay that doubles with each further failure.
 */
export class LoginThrottle {
  #entries = new Map<string, Entry>();
  #options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions = {}) {
    this.#options = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, maxEntries: 10_000, ...options };
  }

  /** How many keys are remembered now (never more than `maxEntries`). */
  get size(): number {
    return this.#entries.size;
  }

  /** Milliseconds the caller must still wait, or 0 when an attempt is allowed. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.#entries.get(digest(key));
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  /** Counts a failure and returns the lock-out it earns (0 while still free). */
  fail(key: string, now = Date.now()): number {
    const id = digest(key);
    const entry = this.#entries.get(id) ?? { failures: 0, lockedUntil: 0 };
    this.#entries.delete(id);
    entry.failures += 1;
    const over = entry.failures - this.#options.freeFailures;
    const delay = over < 0 ? 0 : Math.min(this.#options.baseDelayMs * 2 ** over, this.#options.maxDelayMs);
    entry.lockedUntil = now + delay;
    this.#entries.set(id, entry);
    if (this.#entries.size > this.#options.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return delay;
  }

  /** Forgets the failures of `key` after a successful login. */
  succeed(key: string): void {
    this.#entries.delete(digest(key));
  }
}

/**
 * Keys are stored as their SHA-256, so an entry costs the same whatever the caller sent: without
 * it, `maxEntries` long user names would hold gigabytes.
 */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
