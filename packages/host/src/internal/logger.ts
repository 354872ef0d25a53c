/* Internal: not part of the public API. */
import type { LogFields, PluginLogger } from '@stratos/plugin-sdk';
import { oneLine } from './describe-value.js';

/** Log levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A line as the host emits it. */
export interface LogRecord {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  scope: string;
  message: string;
  fields?: LogFields;
}

/** The host's logger: a {@link PluginLogger} that can make scoped children. */
export interface Logger extends PluginLogger {
  child(scope: string): Logger;
  /** Whether a record of `level` would be written; lets hot paths skip building one. */
  isEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

/** Where log records go; the default writes one line per record to stdout/stderr. */
export type LogSink = (record: LogRecord) => void;

/**
 * The line {@link consoleSink} writes for a record. A record is one line, whatever its message
 * holds (a parser's error may span several): each line break in the message becomes a space.
 * The fields need nothing of the kind, as JSON escapes line breaks in strings.
 */
export function formatRecord(record: LogRecord): string {
  const fields = record.fields && Object.keys(record.fields).length > 0 ? ` ${JSON.stringify(record.fields)}` : '';
  const message = oneLine(record.message);
  return `${record.time} ${record.level.toUpperCase().padEnd(5)} [${record.scope}] ${message}${fields}\n`;
}

/** Writes warnings and errors to stderr, the rest to stdout. */
export const consoleSink: LogSink = (record) => {
  const line = formatRecord(record);
  if (record.level === 'warn' || record.level === 'error') process.stderr.write(line);
  else process.stdout.write(line);
};

/** Creates a logger that drops records below `level` and hands the rest to `sink`. */
export function createLogger(options: { level?: LogLevel; sink?: LogSink; scope?: string } = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const sink = options.sink ?? consoleSink;
  const make = (scope: string): Logger => {
    const emit = (level: LogRecord['level']) => (message: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      sink({ time: new Date().toISOString(), level, scope, message, ...(fields ? { fields } : {}) });
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (child) => make(`${scope}:${child}`),
      isEnabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
    };
  };
  return make(options.scope ?? 'host');
}
