import type { EndpointHttp, EndpointRequest, EndpointResponse, EndpointTlsOptions } from '@stratos/plugin-sdk';
import type { IncomingMessage } from 'node:http';
import { classifyRequestError, tooLargeError, type RequestTarget } from './endpoint-request-error.js';
import { endpointUrl } from './endpoint-url.js';
import { openUpstream } from './open-upstream.js';

/** Milliseconds an endpoint has to answer unless a request says otherwise. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 30_000;

/** Largest answer the buffered client reads (10 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Options of {@link createEndpointHttp}. */
export interface EndpointHttpOptions {
  /** Default time allowed for a whole exchange, in milliseconds. */
  timeoutMs?: number;
  /** Largest answer body read, in bytes; a larger one fails with kind `too-large`. */
  maxResponseBytes?: number;
}

/**
 * The HTTP client plugins get as `ctx.http`: requests that honour an endpoint's TLS settings, with
 * a timeout and a bounded, buffered answer. Failures are `EndpointRequestError`s whose messages say
 * what to fix (unreachable host, timeout, certificate that cannot be verified, answer too large).
 *
 * @example
 * ```ts
 * const http = createEndpointHttp();
 * const answer = await http.request('https://prometheus.example/api/v1', { skipSslValidation: false }, {
 *   path: '/query', query: { query: 'up' },
 * });
 * const data = answer.json<{ status: string }>();
 * ```
 */
export function createEndpointHttp(options: EndpointHttpOptions = {}): EndpointHttp {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return {
    async request(url: string, tls: EndpointTlsOptions, request: EndpointRequest = {}): Promise<EndpointResponse> {
      const target = endpointUrl(url, request.path, request.query);
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      const headers: Record<string, string | number> = { ...request.headers };
      if (body !== undefined && !hasHeader(headers, 'content-length')) headers['content-length'] = body.byteLength;
      const upstream = openUpstream(target, tls, {
        method: (request.method ?? 'GET').toUpperCase(),
        headers,
        timeoutMs: request.timeoutMs ?? defaultTimeoutMs,
      });
      upstream.request.end(body);
      const answer = await upstream.response;
      try {
        const bytes = await readBounded(answer, maxBytes, { host: target.host }, upstream.fail);
        return toEndpointResponse(answer, bytes);
      } finally {
        upstream.settle();
      }
    },
  };
}

/** Builds the SDK's buffered answer from a head and its body. */
export function toEndpointResponse(answer: IncomingMessage, bytes: Buffer): EndpointResponse {
  return {
    status: answer.statusCode ?? 0,
    headers: { ...answer.headers },
    body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    text: () => bytes.toString('utf8'),
    json: <T>() => JSON.parse(bytes.toString('utf8')) as T,
  };
}

/** Reads `stream` whole, failing the exchange once it passes `maxBytes`. */
export async function readBounded(
  stream: IncomingMessage,
  maxBytes: number,
  target: RequestTarget,
  fail: (error: Error) => void,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // A declared length says it all before a byte is read.
    if (Number(stream.headers['content-length']) > maxBytes) throw tooLargeError(target, maxBytes);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLargeError(target, maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    const failure = classifyRequestError(error, target);
    fail(failure);
    throw failure;
  }
  return Buffer.concat(chunks, size);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
