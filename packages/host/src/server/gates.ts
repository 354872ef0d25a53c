import type { SessionUser } from '@stratos/plugin-sdk';
import type { Middleware } from 'koa';
import { slideSession } from '../auth/session-store.js';
import { UserCache } from '../auth/user-cache.js';
import { ADMIN_SCOPE } from '../auth/users.js';
import type { RouteIndex } from '../mount/route-index.js';
import type { Store, UserRecord } from '../store/store.js';

/** The user as handlers see it in `ctx.state.user`. */
export function toSessionUser(user: UserRecord): SessionUser {
  return { guid: user.guid, name: user.name, admin: user.scopes.includes(ADMIN_SCOPE), scopes: [...user.scopes] };
}

/** Lets through only requests with a live session of an existing user; sets `ctx.state.user`. */
export function sessionGate(store: Store, timeoutMs: number, users = new UserCache()): Middleware {
  const load = async (guid: string) => {
    const user = await store.findUserByGuid(guid);
    return user && toSessionUser(user);
  };
  return async function requireSession(ctx, next) {
    const guid = ctx.session?.userGuid;
    const user = typeof guid === 'string' ? await users.get(guid, load) : undefined;
    if (!user) return ctx.throw(401, 'Not logged in: log in with POST /pp/v1/auth/login/uaa');
    ctx.state.user = user;
    await slideSession(ctx, store, timeoutMs);
    await next();
  };
}

/**
 * Runs the routers of `index` that may serve the request, each handing on to the next when it has
 * no matching route, so every candidate matches the path once. With `adminOnly`, a matching route
 * answers 403 to a user without the `stratos.admin` scope; a path no route serves stays a 404.
 */
export function dispatchRoutes(index: RouteIndex, adminOnly: boolean): Middleware {
  return function dispatch(ctx, next) {
    const candidates = index.candidates(ctx.path);
    if (candidates.length === 0) return next();
    if (adminOnly && !ctx.state.user?.admin) {
      if (candidates.some((owner) => owner.router.match(ctx.path, ctx.method).route)) {
        return ctx.throw(403, `${ctx.method} ${ctx.path} is for administrators only`);
      }
      return next();
    }
    const run = (i: number): Promise<unknown> =>
      i < candidates.length ? Promise.resolve(candidates[i]!.dispatch(ctx, () => run(i + 1))) : next();
    return run(0);
  };
}
