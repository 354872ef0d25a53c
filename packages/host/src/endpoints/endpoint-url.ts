import { EndpointRequestError } from './endpoint-request-error.js';

/**
 * The URL of `path` below an endpoint's API URL, with `query` (a raw query string or a map)
 * appended. The API URL's own path is kept as a prefix, so `https://h/api` + `/v1/x` is
 * `https://h/api/v1/x`; `path` is used as given (already percent-encoded).
 */
export function endpointUrl(apiEndpoint: string, path = '', query?: Record<string, string> | string): URL {
  let base: URL;
  try {
    base = new URL(apiEndpoint);
  } catch (error) {
    throw new EndpointRequestError('invalid-url', `Endpoint URL '${apiEndpoint}' is not a valid URL; update the endpoint`, {
      cause: error,
    });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new EndpointRequestError(
      'invalid-url',
      `Endpoint URL '${apiEndpoint}' is not an http or https URL; update the endpoint`,
    );
  }
  const url = new URL(base.href);
  const tail = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  url.pathname = base.pathname.replace(/\/+$/, '') + tail || '/';
  const extra = typeof query === 'string' ? query.replace(/^\?/, '') : new URLSearchParams(query ?? {}).toString();
  if (extra !== '') url.search = url.search === '' ? `?${extra}` : `${url.search}&${extra}`;
  return url;
}
