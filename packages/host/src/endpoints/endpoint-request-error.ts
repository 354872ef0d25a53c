/**
 * Why a call to an endpoint did not produce an answer:
 * - `unreachable`: the name does not resolve, the connection is refused or drops (502);
 * - `tls`: the endpoint's certificate could not be verified (502);
 * - `timeout`: no answer within the time allowed (504);
 * - `too-large`: a buffered answer exceeded the size limit (502);
 * - `invalid-url`: the endpoint's URL is not an http(s) URL (502);
 * - `invalid-path`: the path asked for has `.` or `..` segments, which would leave the API URL (400);
 * - `unknown-endpoint`: no endpoint has that guid (404);
 * - `not-connected`: the user has no token for the endpoint (403);
 * - `unknown-auth-type`: the token's auth type is not registered (503).
 */
export type EndpointRequestErrorKind =
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'too-large'
  | 'invalid-url'
  | 'invalid-path'
  | 'unknown-endpoint'
  | 'not-connected'
  | 'unknown-auth-type';

const STATUS: Record<EndpointRequestErrorKind, number> = {
  unreachable: 502,
  tls: 502,
  timeout: 504,
  'too-large': 502,
  'invalid-url': 502,
  'invalid-path': 400,
  'unknown-endpoint': 404,
  'not-connected': 403,
  'unknown-auth-type': 503,
};

/**
 * A call to an endpoint that failed in a way a person can act on. It carries an HTTP `status`
 * and `expose: true`, so a route that lets it through answers that status with its message.
 * Recognise it with {@link isEndpointRequestError}, not `instanceof`.
 */
export class EndpointRequestError extends Error {
  override readonly name = 'EndpointRequestError';
  readonly kind: EndpointRequestErrorKind;
  readonly status: number;
  readonly expose = true;

  constructor(kind: EndpointRequestErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = STATUS[kind];
  }
}

/** True for an {@link EndpointRequestError}, whichever copy of the host raised it. */
export function isEndpointRequestError(value: unknown): value is EndpointRequestError {
  return (
    value instanceof Error &&
    value.name === 'EndpointRequestError' &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}

/** What a request was aimed at, for the wording of its error. */
export interface RequestTarget {
  /** `host:port` of the URL called. */
  host: string;
  /** The endpoint's name, when the call was made on behalf of a registered endpoint. */
  endpointName?: string;
}

const UNREACHABLE: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed while sending',
  EPROTO: 'the TLS handshake failed; check whether the URL should be http or https',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection failed',
};

/** TLS verification failures as Node reports them, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/;

/**
 * What a socket error code means for a request to an endpoint: its certificate could not be
 * verified (`tls`), it could not be reached (`unreachable`), or neither (undefined).
 */
export function socketErrorKind(code: string | undefined): 'tls' | 'unreachable' | undefined {
  if (!code) return undefined;
  if (TLS_CODE.test(code)) return 'tls';
  return Object.hasOwn(UNREACHABLE, code) ? 'unreachable' : undefined;
}

/** A socket error code that makes an endpoint `unreachable`, with its meaning: `ECONNREFUSED (connection refused)`. */
export function unreachableReason(code: string): string {
  return Object.hasOwn(UNREACHABLE, code) ? `${code} (${UNREACHABLE[code]})` : code;
}

/**
 * Turns what Node raised for a failed request into an {@link EndpointRequestError} whose message
 * says what happened and what to do: `Cannot reach '10.0.0.5:9090': ECONNREFUSED (connection
 * refused)…`, or for a certificate that cannot be verified, to give the endpoint's CA certificate
 * or enable skip_ssl_validation. An `EndpointRequestError` is returned unchanged.
 *
 * @example
 * ```ts
 * try { await http.request(url, tls); }
 * catch (error) { ctx.throw(400, classifyRequestError(error, { host: new URL(url).host }).message); }
 * ```
 */
export function classifyRequestError(error: unknown, target: RequestTarget): EndpointRequestError {
  if (isEndpointRequestError(error)) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const detail = error instanceof Error ? error.message : String(error);
  const of = forEndpoint(target);
  if (TLS_CODE.test(code)) {
    return new EndpointRequestError(
      'tls',
      `The TLS certificate of '${target.host}'${of} could not be verified: ${code} (${detail}); ` +
        `give the endpoint's CA certificate (ca_cert) or enable skip_ssl_validation`,
      { cause: error },
    );
  }
  const why = UNREACHABLE[code];
  const reason = code === '' ? detail : why ? `${code} (${why})` : `${code} (${detail})`;
  return new EndpointRequestError(
    'unreachable',
    `Cannot reach '${target.host}'${of}: ${reason}; check the URL and that the endpoint is running`,
    { cause: error },
  );
}

/** The error for an endpoint that did not answer within `timeoutMs`. */
export function timeoutError(target: RequestTarget, timeoutMs: number): EndpointRequestError {
  return new EndpointRequestError(
    'timeout',
    `No answer from '${target.host}'${forEndpoint(target)} within ${timeoutMs} ms; check that the endpoint is up and not overloaded`,
  );
}

/** The error for an answer larger than the `maxBytes` the host reads. */
export function tooLargeError(target: RequestTarget, maxBytes: number): EndpointRequestError {
  return new EndpointRequestError(
    'too-large',
    `The answer of '${target.host}'${forEndpoint(target)} is larger than ${maxBytes} bytes, the most the host reads; ask the endpoint for less`,
  );
}

function forEndpoint(target: RequestTarget): string {
  return target.endpointName === undefined ? '' : ` for endpoint '${target.endpointName}'`;
}
