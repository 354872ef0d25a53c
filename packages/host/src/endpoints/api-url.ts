/** Longest stretch of a URL a message repeats; the rest is cut to `…`. */
export const MAX_URL_IN_MESSAGE = 200;

/** `scheme://user:password@` (or with backslashes, as URL parsers accept), up to the host. */
const USER_INFO = /^(\s*[a-z][a-z0-9+.-]*:[/\\]*)([^/\\?#]*)@/i;

/** A refused API URL; Koa answers its status and message. */
export class ApiUrlError extends Error {
  override readonly name = 'ApiUrlError';
  readonly status = 400;
  readonly expose = true;
}

/**
 * `text` as a message may show it: a user name and password in it replaced by `***`, and cut to
 * {@link MAX_URL_IN_MESSAGE} characters with `…`.
 */
export function describeUrl(text: string): string {
  const masked = hideUserInfo(text);
  return masked.length > MAX_URL_IN_MESSAGE ? `${masked.slice(0, MAX_URL_IN_MESSAGE)}…` : masked;
}

/** `text` with any user name and password replaced by `***`; other text is returned unchanged. */
export function hideUserInfo(text: string): string {
  if (USER_INFO.test(text)) return text.replace(USER_INFO, '$1***@');
  const url = parse(text);
  if (!url || (url.username === '' && url.password === '')) return text;
  // A form the pattern does not know (e.g. `http:user:pw@host`): the parser's rendering, masked.
  url.username = '***';
  url.password = '';
  return url.href;
}

/**
 * The form an API URL is stored, compared and hashed into a guid in: scheme and host lower case,
 * default port left out, trailing slashes of the path dropped, an empty query and any fragment
 * left out, e.g. `HTTP://Prom.example:80/api//?` is `http://prom.example/api`. A URL already in
 * that form is returned unchanged, so its guid stays what it was. Refuses (a 400
 * {@link ApiUrlError}) what is not an http(s) URL with a host, and a URL carrying a user name or
 * password: those would be shown to every user who lists endpoints.
 */
export function normalizeApiUrl(raw: string): string {
  const url = parse(raw.trim());
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new ApiUrlError(`Field 'api_endpoint' must be an http:// or https:// URL with a host, received '${describeUrl(raw)}'`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ApiUrlError(
      `Field 'api_endpoint' must not contain a user name or password ('${describeUrl(raw)}'); ` +
        'register the URL without them and give the credentials when connecting (POST /api/v1/tokens), ' +
        'or as cnsi_client_id and cnsi_client_secret',
    );
  }
  return canonical(url);
}

/**
 * The normalised form of a stored API URL, for comparing it with a new one: as
 * {@link normalizeApiUrl}, without refusing anything (user info is left out); undefined when it
 * is not a URL.
 */
export function comparableApiUrl(text: string): string | undefined {
  const url = parse(text.trim());
  return url ? canonical(url) : undefined;
}

function canonical(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
