import type Router from '@koa/router';
import type { Context } from 'koa';
import { readFirst } from '../endpoints/request-fields.js';
import type { Store } from '../store/store.js';
import { toSessionUser } from '../server/gates.js';
import type { LoginThrottle } from './login-throttle.js';
import { dummyHash, verifyPassword } from './password.js';
import { slideSession } from './session-store.js';
import { createXsrfToken, XSRF_HEADER } from './xsrf.js';

/**
 * Longest user name a login may send. Longer ones are refused before the throttle or the store
 * sees them, so an anonymous caller cannot make the host hold or hash megabytes per attempt.
 */
export const MAX_LOGIN_NAME_LENGTH = 256;

/** What the login and verify routes need. */
export interface AuthRouteDeps {
  store: Store;
  throttle: LoginThrottle;
  sessionMaxAgeMs: number;
  /** The `/pp/v1/info` document of a logged-in user, answered by verify. */
  info(ctx: Context): Promise<unknown>;
}

/**
 * Sends the session's expiry in the client's clock, as Jetstream does: the console sends its own
 * time in `x-cap-request-date` (unix seconds).
 */
async function setSessionHeaders(ctx: Context, deps: AuthRouteDeps): Promise<number> {
  const expiresAt = (await slideSession(ctx, deps.store, deps.sessionMaxAgeMs)) ?? Date.now() + deps.sessionMaxAgeMs;
  ctx.set(XSRF_HEADER, String(ctx.session?.xsrf ?? ''));
  const clientSeconds = Number(ctx.get('x-cap-request-date'));
  // Only a plausible unix time (before 2106) shifts the expiry; anything else would be echoed back as nonsense.
  const plausible = Number.isFinite(clientSeconds) && clientSeconds > 0 && clientSeconds < 2 ** 32;
  const skewMs = plausible ? Math.floor(clientSeconds) * 1000 - Date.now() : 0;
  ctx.set('X-Cap-Session-Expires-On', String(Math.floor((expiresAt + skewMs) / 1000)));
  return expiresAt;
}

/** Adds login, logout and verify to the public router. */
export function addAuthRoutes(router: Router, deps: AuthRouteDeps): void {
  router.post('/pp/v1/auth/login/uaa', async (ctx) => {
    const username = readFirst(ctx, 'username')?.trim();
    const password = readFirst(ctx, 'password');
    if (!username || !password) return ctx.throw(400, "Send 'username' and 'password' as form fields or JSON");
    if (username.length > MAX_LOGIN_NAME_LENGTH) {
      return ctx.throw(400, `Field 'username' is longer than ${MAX_LOGIN_NAME_LENGTH} characters, the most a login accepts`);
    }
    const key = `${ctx.ip}|${username.toLowerCase()}`;
    const waitMs = deps.throttle.retryAfter(key);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      ctx.throw(429, `Too many failed logins for '${username}'; try again in ${seconds} s`, {
        headers: { 'Retry-After': String(seconds) },
      });
    }
    const user = await deps.store.findUserByName(username);
    // A missing user costs a hash check too, so timing does not tell which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      deps.throttle.fail(key);
      return ctx.throw(401, 'Wrong user name or password');
    }
    deps.throttle.succeed(key);
    ctx.session!.userGuid = user.guid;
    ctx.session!.xsrf = createXsrfToken();
    // A new session id at login, so an id planted before it is worth nothing after.
    await ctx.session!.regenerate();
    const expiresAt = await setSessionHeaders(ctx, deps);
    const sessionUser = toSessionUser(user);
    ctx.body = {
      account: user.name,
      token_expiry: Math.floor(expiresAt / 1000),
      api_endpoint: null,
      admin: sessionUser.admin,
      user: sessionUser,
    };
  });

  router.post('/pp/v1/auth/logout', (ctx) => {
    ctx.session = null;
    ctx.body = { isSSO: false };
  });

  router.get('/api/v1/auth/verify', async (ctx) => {
    const guid = ctx.session?.userGuid;
    const user = typeof guid === 'string' ? await deps.store.findUserByGuid(guid) : undefined;
    if (!user) {
      ctx.body = { status: 'error', error: 'Not logged in', data: null };
      return;
    }
    ctx.state.user = toSessionUser(user);
    await setSessionHeaders(ctx, deps);
    ctx.body = { status: 'ok', error: '', data: await deps.info(ctx) };
  });
}
