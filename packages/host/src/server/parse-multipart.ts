import type { IncomingMessage } from 'node:http';
import type busboy from 'busboy';

/** Limits of {@link parseMultipart}; every one of them is enforced, none is optional. */
export interface MultipartLimits {
  /** Largest whole body, in bytes. */
  totalBytes: number;
  /** How an oversize answer names the limit (e.g. the configured `1mb`); bytes by default. */
  totalLabel?: string;
  /** Most fields a form may carry. */
  fields: number;
  /** Longest field name, in bytes. */
  fieldNameBytes: number;
}

/** Why a multipart body was refused: `status` is 400 (malformed, file part) or 413 (over a limit). */
export class MultipartError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'MultipartError';
  }
}

let busboyModule: Promise<typeof busboy> | undefined;

/**
 * Reads a `multipart/form-data` request into a plain object of string fields, the way Jetstream's
 * FormValue sees a form: the first value of a repeated field wins. File parts are refused, since no
 * route of the host takes uploads and a stray file must not be buffered.
 */
export async function parseMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<Record<string, string>> {
  // Loaded on first use, like co-body: start-up should not pay for parsers until a form arrives.
  const createParser = await (busboyModule ??= import('busboy').then((m) => m.default));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = createParser({
        headers: req.headers,
        limits: {
          fieldSize: limits.totalBytes,
          fieldNameSize: limits.fieldNameBytes,
          fields: limits.fields,
          parts: limits.fields,
          headerPairs: 16,
        },
      });
    } catch (error) {
      // Busboy refuses a content type without a boundary up front.
      reject(new MultipartError(400, `Malformed multipart body: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    let received = 0;
    const fail = (error: MultipartError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Reading on would only feed a refused body into memory; the rest is discarded unread.
      req.resume();
      reject(error);
    };
    const tooLarge = () =>
      fail(
        new MultipartError(413, `Request body is larger than the limit of ${limits.totalLabel ?? `${limits.totalBytes} bytes`}`),
      );

    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limits.totalBytes) tooLarge();
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return tooLarge();
      // defineProperty: a field named "__proto__" stays an ordinary field.
      if (!Object.prototype.hasOwnProperty.call(fields, name)) {
        Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
      }
    });
    parser.on('file', (name, stream) => {
      stream.resume();
      fail(new MultipartError(400, `Multipart field '${name}' is a file; file uploads are not accepted`));
    });
    parser.on('fieldsLimit', () => fail(new MultipartError(413, `Multipart body has more than ${limits.fields} fields`)));
    parser.on('partsLimit', () => fail(new MultipartError(413, `Multipart body has more than ${limits.fields} fields`)));
    parser.on('error', (error: Error) => fail(new MultipartError(400, `Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(fields);
    });
    req.on('aborted', () => fail(new MultipartError(400, 'Malformed multipart body: the request was aborted')));
    req.pipe(parser);
  });
}

/** Bytes in a `server.bodyLimit` value such as `512kb` (the schema allows b, kb and mb). */
export function limitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/.exec(limit);
  if (!match) return 1024 * 1024;
  const scale = match[2] === 'mb' ? 1024 * 1024 : match[2] === 'kb' ? 1024 : 1;
  return Number(match[1]) * scale;
}
