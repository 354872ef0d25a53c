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
  return async function pluginErrorBoundary(ctx, next) {
    let downstream: unknown;
    let threwDownstream = false;
    try {
      await middleware(ctx, async () => {
        try {
          await next();
        } catch (error) {
          threwDownstream = true;
          downstream = error;
          throw error;
        }
      });
    } catch (error) {
      if (threwDownstream && error === downstream) throw error;
      const marked = typeof error === 'object' && error !== null ? error : new Error(String(error));
      if (pluginOf(marked) === undefined) {
        Object.defineProperty(marked, PLUGIN_ID, { value: pluginId, enumerable: false });
      }
      throw marked;
    }
  };
}
