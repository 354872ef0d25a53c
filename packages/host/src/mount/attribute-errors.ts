import type { Middleware } from 'koa';

const PLUGIN_ID = Symbol.for('stratos.pluginId');

/** The id of the plugin an error came from, when a plugin raised it. */
export function pluginOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { [PLUGIN_ID]?: string })[PLUGIN_ID] : undefined;
}

/**
 * Wraps plugin middleware so an error it raises is marked with the plugin's id for the error
 * boundary's log line. Errors thrown further down the chain (by `next()`) pass through unmarked:
 * they belong to whoever raised them.
 */
export function attributeErrors(pluginId: string, middleware: Middleware): Middleware {
  const mark = (error: unknown): never => {
    if (downstream.has(error as object)) throw error;
    const marked = typeof error === 'object' && error !== null ? error : new Error(String(error));
    if (pluginOf(marked) === undefined) Object.defineProperty(marked, PLUGIN_ID, { value: pluginId, enumerable: false });
    throw marked;
  };
  return function pluginErrorBoundary(ctx, next) {
    try {
      return Promise.resolve(middleware(ctx, () => next().catch(passDownstream))).catch(mark);
    } catch (error) {
      return mark(error);
    }
  };
}

// Errors that came out of next(): they belong to whoever raised them further down.
const downstream = new WeakSet<object>();
const passDownstream = (error: unknown): never => {
  if (typeof error === 'object' && error !== null) downstream.add(error);
  throw error;
};
