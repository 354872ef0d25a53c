/** Structured fields attached to a log line. Never put secrets here: the host writes them verbatim. */
export type LogFields = Record<string, unknown>;

/**
 * A logger scoped to one plugin: every line carries the plugin's id.
 *
 * @example
 * ```ts
 * ctx.logger.info('cache warmed', { entries: 12 });
 * ```
 */
export interface PluginLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
