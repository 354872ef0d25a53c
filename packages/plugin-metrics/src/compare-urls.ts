/** Ports a URL means when it names none. */
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * The form two endpoint URLs are compared in: `scheme://host:port/path`, with the host lower-cased,
 * the default port of http and https filled in, trailing slashes dropped, and the query, fragment
 * and user info left out. `undefined` for text that is not an absolute URL.
 *
 * @example
 * ```ts
 * normalizeEndpointUrl('HTTPS://Api.Example.com/v2/?x=1'); // 'https://api.example.com:443/v2'
 * ```
 */
export function normalizeEndpointUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.hostname === '') return undefined;
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.hostname}${port === '' ? '' : `:${port}`}${path}`;
}

/**
 * True when two URLs name the same endpoint: same scheme, host (any case), port (80 and 443 filled
 * in for http and https) and path (trailing slash ignored); the query does not count. How a
 * coverage entry's `url` is matched with a registered endpoint's URL.
 *
 * @example
 * ```ts
 * sameEndpointUrl('https://api.example.com:443/', 'https://API.example.com'); // true
 * sameEndpointUrl('http://api.example.com', 'https://api.example.com'); // false
 * ```
 */
export function sameEndpointUrl(a: string, b: string): boolean {
  const left = normalizeEndpointUrl(a);
  return left !== undefined && left === normalizeEndpointUrl(b);
}
