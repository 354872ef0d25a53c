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
  /** Logs detail for troubleshooting; written only when the host's `logLevel` is `debug`. */
  debug(message: string, fields?: LogFields): void;
  /** Logs a normal event; written unless the host's `logLevel` is `warn`, `error` or `silent`. */
  info(message: string, fields?: LogFields): void;
  /** Logs a problem the plugin works around (to stderr by default); dropped at `logLevel` `error` or `silent`. */
  warn(message: string, fields?: LogFields): void;
  /** Logs a failure (to stderr by default); dropped only at `logLevel` `silent`. */
  error(message: string, fields?: LogFields): void;
}
