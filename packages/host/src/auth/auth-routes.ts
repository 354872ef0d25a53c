import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Store } from '../store/store.js';
import { readField } from '../server/body-parser.js';
import { toSessionUser } from '../server/gates.js';
import type { LoginThrottle } from './login-throttle.js';
import { dummyHash, verifyPassword } from './password.js';
import { slideSession } from './session-store.js';
import { createXsrfToken, XSRF_HEADER } from './xsrf.js';

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
  const skewMs = Number.isFinite(clientSeconds) && clientSeconds > 0 ? clientSeconds * 1000 - Date.now() : 0;
  ctx.set('X-Cap-Session-Expires-On', String(Math.floor((expiresAt + skewMs) / 1000)));
  return expiresAt;
}

/** Adds login, logout and verify to the public router. */
export function addAuthRoutes(router: Router, deps: AuthRouteDeps): void {
  router.post('/pp/v1/auth/login/uaa', async (ctx) => {
    const username = readField(ctx, 'username')?.trim();
    const password = readField(ctx, 'password');
    if (!username || !password) return ctx.throw(400, "Send 'username' and 'password' as form fields or JSON");
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
