import { describeUrl } from './api-url.js';
import { EndpointRequestError } from './endpoint-request-error.js';

/** `%XX` escapes, decoded byte by byte: enough to see dots, slashes and backslashes. */
const ESCAPE = /%([0-9a-f]{2})/gi;

/**
 * The URL of `path` below an endpoint's API URL, with `query` (a raw query string or a map)
 * appended. The API URL's own path is kept as a prefix, so `https://h/api` + `/v1/x` is
 * `https://h/api/v1/x`; `path` is used as given (already percent-encoded). A `path` with a `.` or
 * `..` segment fails with kind `invalid-path` (400): URL parsers resolve them (`%2e%2e` and `\`
 * included), which would take the request, with the caller's credentials, out of the API URL.
 */
export function endpointUrl(apiEndpoint: string, path = '', query?: Record<string, string> | string): URL {
  let base: URL;
  try {
    base = new URL(apiEndpoint);
  } catch (error) {
    throw new EndpointRequestError(
      'invalid-url',
      `Endpoint URL '${describeUrl(apiEndpoint)}' is not a valid URL; update the endpoint`,
      { cause: error },
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new EndpointRequestError(
      'invalid-url',
      `Endpoint URL '${describeUrl(apiEndpoint)}' is not an http or https URL; update the endpoint`,
    );
  }
  assertNoDotSegments(path);
  const url = new URL(base.href);
  const prefix = base.pathname.replace(/\/+$/, '');
  const tail = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  url.pathname = prefix + tail || '/';
  // Belt and braces: whatever the parser made of the path, it must still be below the API URL.
  if (url.pathname !== (prefix || '/') && !url.pathname.startsWith(`${prefix}/`)) throw invalidPath(path);
  const extra = typeof query === 'string' ? query.replace(/^\?/, '') : new URLSearchParams(query ?? {}).toString();
  if (extra !== '') url.search = url.search === '' ? `?${extra}` : `${url.search}&${extra}`;
  return url;
}

/**
 * Fails with kind `invalid-path` (400) for a path with a `.` or `..` segment, whether written
 * plainly, percent-encoded (`%2e%2E`) or between backslashes.
 */
export function assertNoDotSegments(path: string): void {
  const decoded = path.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')) throw invalidPath(path);
}

function invalidPath(path: string): EndpointRequestError {
  return new EndpointRequestError(
    'invalid-path',
    `The path '${describeUrl(path)}' has a '.' or '..' segment (plain or percent-encoded), which would leave the endpoint's API URL; send the path without them`,
  );
}
