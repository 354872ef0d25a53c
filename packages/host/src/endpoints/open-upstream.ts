import type { EndpointTlsOptions } from '@stratos/plugin-sdk';
import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { classifyRequestError, timeoutError, type RequestTarget } from './endpoint-request-error.js';

/** How {@link openUpstream} sends a request. */
export interface UpstreamInit {
  method: string;
  headers: OutgoingHttpHeaders;
  timeoutMs: number;
  /** The endpoint's name, for error messages. */
  endpointName?: string;
}

/** A request on its way to an endpoint: write (or pipe) the body into `request`, then await `response`. */
export interface OpenedUpstream {
  request: ClientRequest;
  /** The answer's head; rejects with an `EndpointRequestError` when none comes. */
  response: Promise<IncomingMessage>;
  /**
   * Stops the overall deadline; from then on only an idle socket (no byte for `timeoutMs`) ends
   * the exchange. Callers that stream call it once the head arrived; callers that buffer, once
   * the body is read.
   */
  settle(): void;
  /** Ends the exchange with `error` (as a timeout does). */
  fail(error: Error): void;
}

/**
 * Starts an HTTP(S) request to `url` with the endpoint's TLS settings: certificate checks off with
 * `skipSslValidation`, the endpoint's CA trusted besides the usual roots with `caCert`. Errors are
 * turned into `EndpointRequestError`s that say what went wrong (see `classifyRequestError`).
 */
export function openUpstream(url: URL, tls: EndpointTlsOptions, init: UpstreamInit): OpenedUpstream {
  const target: RequestTarget = { host: url.host, endpointName: init.endpointName };
  const secure = url.protocol === 'https:';
  const request = (secure ? https : http).request(url, {
    method: init.method,
    headers: init.headers,
    ...(secure
      ? {
          rejectUnauthorized: !tls.skipSslValidation,
          // `ca` replaces the default roots; keep them so a public certificate still verifies.
          ...(tls.caCert ? { ca: [...rootCertificates, tls.caCert] } : {}),
        }
      : {}),
  });
  let failure: Error | undefined;
  let answer: IncomingMessage | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    // Once the head is in, the reader of the body must learn why it stopped.
    answer?.destroy(failure);
    request.destroy(failure);
  };
  const deadline = setTimeout(() => fail(timeoutError(target, init.timeoutMs)), init.timeoutMs);
  request.setTimeout(init.timeoutMs, () => fail(timeoutError(target, init.timeoutMs)));
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', (head) => {
      answer = head;
      resolve(head);
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(classifyRequestError(failure ?? error, target));
    });
  });
  // Rejections are read by whoever awaits `response`; this keeps an unawaited one quiet.
  response.catch(() => undefined);
  return { request, response, settle: () => clearTimeout(deadline), fail };
}
