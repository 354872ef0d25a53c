import type { EndpointProbe, EndpointTlsOptions } from '@stratos/plugin-sdk';
import { describeError } from '../internal/describe-value.js';
import type { EndpointTypeEntry } from '../mount/mount-plugins.js';
import { describeUrl } from './api-url.js';
import { isEndpointRequestError, socketErrorKind, unreachableReason } from './endpoint-request-error.js';

/** How long an endpoint type's `info()` may take before registration gives up. */
export const PROBE_TIMEOUT_MS = 30_000;
const TIMED_OUT = Symbol('timed out');

/** An error Koa answers with its status and message. */
function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, expose: true });
}

interface Cause {
  code?: string;
  message: string;
  /** Whether it is an `EndpointRequestError` of the host's client (`ctx.http`). */
  endpointError: boolean;
}

/** Codes and messages along an error's `cause` chain (fetch hides the socket error in `cause`). */
function causes(error: unknown): Cause[] {
  const found: Cause[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    found.push({
      code: typeof code === 'string' ? code : undefined,
      message: describeError(current),
      endpointError: isEndpointRequestError(current),
    });
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** Longest plugin message a registration error repeats. */
const MAX_DETAIL = 1000;

/**
 * Runs an endpoint type's `info()` on a URL being registered. Its failures become 400s that say,
 * once, what to do: a certificate that cannot be verified (give a CA certificate or skip
 * validation), a host that cannot be reached (and why), or the plugin's own message. However many
 * times the plugin wrapped the error, the URL (cut when long), the reason and the advice appear
 * once each.
 */
export async function probeEndpoint(entry: EndpointTypeEntry, url: string, tls: EndpointTlsOptions): Promise<EndpointProbe> {
  let timer: NodeJS.Timeout | undefined;
  let outcome: EndpointProbe | typeof TIMED_OUT;
  try {
    outcome = await Promise.race([
      Promise.resolve().then(() => entry.endpoint.info(url, tls)),
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), PROBE_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    throw explainProbeFailure(error, entry.endpoint.type, url);
  } finally {
    clearTimeout(timer);
  }
  if (outcome === TIMED_OUT) {
    throw httpError(
      400,
      `Endpoint '${describeUrl(url)}' did not answer within ${PROBE_TIMEOUT_MS / 1000} s; check the URL and that the endpoint is up`,
    );
  }
  return outcome && typeof outcome === 'object' ? outcome : {};
}

function explainProbeFailure(error: unknown, type: string, url: string): Error {
  const shown = describeUrl(url);
  const chain = causes(error);
  const tlsCause = chain.find((c) => socketErrorKind(c.code) === 'tls');
  if (tlsCause) {
    return httpError(
      400,
      `The TLS certificate of '${shown}' could not be verified: ${tlsCause.code} (${tlsCause.message}); provide the endpoint's CA certificate in ca_cert, or set skip_ssl_validation to true`,
    );
  }
  const networkCause = chain.find((c) => socketErrorKind(c.code) === 'unreachable');
  if (networkCause) {
    return httpError(
      400,
      `Cannot reach '${shown}': ${unreachableReason(networkCause.code!)}; check the URL and that the endpoint is running`,
    );
  }
  // The host's own client already said what went wrong (a timeout, an answer too large…), once.
  const endpointError = chain.find((c) => c.endpointError);
  const detail = shorten((endpointError ?? chain[0]!).message, url, shown);
  const status = Number((error as { status?: unknown } | null)?.status);
  if (!endpointError && status >= 400 && status < 500) return httpError(status, detail);
  return httpError(400, `Endpoint type '${type}' could not register '${shown}': ${detail}`);
}

/** A plugin's message with the URL shown as in the host's own words, and cut when very long. */
function shorten(message: string, url: string, shown: string): string {
  const text = url === shown ? message : message.split(url).join(shown);
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
