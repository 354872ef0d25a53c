import type { IncomingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and never travel on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * The caller's own credentials for the host, and what only the host reads. Forwarding them would
 * hand the console session to the endpoint, or let the caller replace the stored token.
 */
const CALLER_ONLY = new Set(['cookie', 'authorization', 'x-xsrf-token', 'host']);

/** Headers named by `Connection` are hop-by-hop too. */
function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  return new Set(
    (value ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
}

/**
 * The caller's request headers that may go on to an endpoint: all but `Cookie`, `Authorization`,
 * `X-Xsrf-Token`, `Host`, every `x-cap-*` header (the console's instructions to the host),
 * `Proxy-*` and the hop-by-hop headers. Names come back lower-case.
 */
export function forwardRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const named = connectionTokens(headers);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || CALLER_ONLY.has(key) || HOP_BY_HOP.has(key) || named.has(key)) continue;
    if (key.startsWith('x-cap-') || key.startsWith('proxy-')) continue;
    kept[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/**
 * An endpoint's answer headers that may go back to the caller: all but `Set-Cookie` (the endpoint
 * must not plant cookies on the host's origin), `Proxy-*` and the hop-by-hop headers.
 */
export function forwardResponseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = connectionTokens(headers);
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || key === 'set-cookie' || HOP_BY_HOP.has(key) || named.has(key)) continue;
    if (key.startsWith('proxy-')) continue;
    kept[key] = value;
  }
  return kept;
}
