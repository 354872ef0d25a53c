import type { DefaultContext, DefaultState, Middleware, ParameterizedContext } from 'koa';
import type { SessionUser } from './user.js';

/** `ctx.state` as the host fills it: `user` is set for every request that passed the session gate. */
export interface StratosState extends DefaultState {
  user?: SessionUser;
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
  get(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  post(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  put(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  patch(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  delete(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  head(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  options(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  all(path: string, ...middleware: PluginMiddleware[]): PluginRouter;
  use(...middleware: PluginMiddleware[]): PluginRouter;
}
