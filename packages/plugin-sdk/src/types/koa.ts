import type { DefaultContext, DefaultState, Middleware, ParameterizedContext } from 'koa';
import type { SessionUser } from './user.js';

/** `ctx.state` as the host fills it: `user` is set for every request that passed the session gate. */
export interface StratosState extends DefaultState {
  /** The logged-in user; set by the session gate, so undefined in public middleware. */
  user?: SessionUser;
  /**
   * The request's id: the incoming `X-Request-Id` header when it is safe (up to 64 of `A-Za-z0-9._-`),
   * else a random UUID; the host sends it back as `X-Request-Id` and logs it with the request.
   */
  requestId?: string;
}

/** The Koa context plugin middleware and route handlers receive. */
export type StratosContext = ParameterizedContext<StratosState, DefaultContext>;

/** Koa middleware as a plugin provides it. */
export type PluginMiddleware = Middleware<StratosState, DefaultContext>;

/**
 * The part of an `@koa/router` instance a plugin uses to add routes. The host hands each plugin a
 * real `@koa/router` router whose paths are relative to `/pp/v1`.
 */
export interface PluginRouter {
  /** Adds a route for `GET` (and `HEAD`) requests to `path` under `/pp/v1`, answered by `middleware` in order. */
  get(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `POST` requests to `path` under `/pp/v1`; a JSON, urlencoded or multipart body is in `ctx.request.body`. */
  post(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `PUT` requests to `path` under `/pp/v1`. */
  put(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `PATCH` requests to `path` under `/pp/v1`. */
  patch(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `DELETE` requests to `path` under `/pp/v1`. */
  delete(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `HEAD` requests to `path` under `/pp/v1`. */
  head(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for `OPTIONS` requests to `path` under `/pp/v1`. */
  options(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds a route for requests of every method to `path` under `/pp/v1`. */
  all(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  /** Adds middleware that runs, in the order added among the routes, only on requests one of this router's routes matches. */
  use(...middleware: PluginMiddleware[]): PluginRouter;
}
