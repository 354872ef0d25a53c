/**
 * An error a plugin throws from a route or middleware to answer with a status and a message the
 * user may see (4xx messages are shown; 5xx answers hide the message).
 *
 * @example
 * ```ts
 * throw new PluginError(404, `No note '${id}'`);
 * ```
 */
export class PluginError extends Error {
  /** Always `PluginError`. */
  override readonly name = 'PluginError';
  /** The brand {@link isPluginError} recognises, whichever copy of the SDK made the error. */
  readonly $$type = '@stratos/PluginError';
  /** The HTTP status the host answers with when a route or middleware throws it; one outside 400–599 is answered as 500. */
  readonly status: number;
  /** Whether the message may be sent to the client; true for 4xx by default. */
  readonly expose: boolean;

  constructor(status: number, message: string, options?: { cause?: unknown; expose?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.expose = options?.expose ?? (status >= 400 && status < 500);
  }
}

/** True for a {@link PluginError} from any copy of the SDK. */
export function isPluginError(value: unknown): value is PluginError {
  return value instanceof Error && (value as { $$type?: unknown }).$$type === '@stratos/PluginError';
}

/** An error raised by the host, carrying a `STRATOS_ERR_*` code (see the host's docs/errors.md). */
export interface HostErrorLike extends Error {
  /** The error's code, listed with its cause and fix in the host's docs/errors.md. */
  readonly code: `STRATOS_ERR_${string}`;
  /** The values the message was built from, e.g. `pluginId`. */
  readonly details?: Record<string, unknown>;
}

/** True for an error raised by the host, recognised by its `STRATOS_ERR_*` code. */
export function isHostError(value: unknown): value is HostErrorLike {
  if (!(value instanceof Error)) return false;
  const code = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('STRATOS_ERR_');
}
