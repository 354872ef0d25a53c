import type { SessionUser } from '@stratos/plugin-sdk';
import type { Middleware } from 'koa';
import { ADMIN_SCOPE } from '../auth/users.js';
import type { RouteIndex } from '../mount/route-index.js';
import type { Store, UserRecord } from '../store/store.js';

/** The user as handlers see it in `ctx.state.user`. */
export function toSessionUser(user: UserRecord): SessionUser {
  return { guid: user.guid, name: user.name, admin: user.scopes.includes(ADMIN_SCOPE), scopes: [...user.scopes] };
}

/** Lets through only requests with a live session of an existing user; sets `ctx.state.user`. */
export function sessionGate(store: Store): Middleware {
  return async function requireSession(ctx, next) {
    const guid = ctx.session?.userGuid;
    const user = typeof guid === 'string' ? await store.findUserByGuid(guid) : undefined;
    if (!user) return ctx.throw(401, 'Not logged in: log in with POST /pp/v1/auth/login/uaa');
    ctx.state.user = toSessionUser(user);
    await next();
  };
}

/**
 * Runs the router of `index` that serves the request, if any. With `adminOnly`, a matching route
 * answers 403 to a user without the `stratos.admin` scope; a path no route serves stays a 404.
 */
export function dispatchRoutes(getIndex: () => RouteIndex, adminOnly: boolean): Middleware {
  return async function dispatch(ctx, next) {
    const owner = getIndex().find(ctx.method, ctx.path);
    if (!owner) return next();
    if (adminOnly && !ctx.state.user?.admin) ctx.throw(403, `${ctx.method} ${ctx.path} is for administrators only`);
    return owner.dispatch(ctx, next);
  };
}
