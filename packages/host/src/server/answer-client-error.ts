import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's parser codes that have a more precise status than 400. */
const STATUS_BY_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const REASON_BY_STATUS: Record<number, string> = {
  400: 'The request is not valid HTTP (malformed request line, headers or body framing)',
  408: 'The request took too long to arrive',
  431: 'The request headers are too large',
};

/**
 * Answers a request that Node's HTTP parser refused before it reached the app, in the host's JSON
 * error shape, so every answer a client gets is JSON; Node alone sends a bare status line. A
 * socket that can no longer be written to (the client left) is just closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const body = JSON.stringify({ status: 'error', error: REASON_BY_STATUS[status] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
