import type { SessionUser, TokenRecord } from '@stratos/plugin-sdk';
import Koa, { type Middleware } from 'koa';
import type { EndpointLookup, ProxyEndpoint } from '../../src/endpoints/resolve-target.js';

/** A user as the session gate would set it. */
export const ALICE: SessionUser = { guid: 'alice-guid', name: 'alice', admin: false, scopes: [] };

/** A token of `user` (by guid) for an endpoint. */
export interface DirectoryToken {
  endpointGuid: string;
  userGuid: string;
  token: TokenRecord;
}

/** Real endpoint and token values behind the proxy's lookup interface, as the store would hold them. */
export function endpointDirectory(endpoints: ProxyEndpoint[], tokens: DirectoryToken[]): EndpointLookup {
  return {
    get: async (guid) => endpoints.find((endpoint) => endpoint.guid === guid),
    tokenFor: async (guid, user) => tokens.find((entry) => entry.endpointGuid === guid && entry.userGuid === user.guid)?.token,
  };
}

/**
 * A Koa app that sets `ctx.state.user` to `user` (as the session gate does), runs `middleware`
 * and answers 418 from whatever comes after it, so a request it passes on is visible.
 */
export function appWith(middleware: Middleware[], user: SessionUser = ALICE): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async function setUser(ctx, next) {
    ctx.state.user = user;
    await next();
  });
  for (const entry of middleware) app.use(entry);
  app.use(function fellThrough(ctx) {
    ctx.status = 418;
    ctx.body = { fellThrough: ctx.path };
  });
  return app;
}
