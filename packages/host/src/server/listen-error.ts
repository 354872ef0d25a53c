import { hostError, type HostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';

// Codes of a host name that does not resolve (getaddrinfo) or an address no interface has.
const ADDRESS_NOT_HERE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EADDRNOTAVAIL']);

/** What the operator should change when listening on `host:port` failed with system error `code`. */
export function listenFix(code: string | undefined, host: string, port: number): string {
  if (code === 'EADDRINUSE') {
    return `port ${port} is in use by another process; stop that process or choose another port with STRATOS_PORT or "server.port"`;
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return port < 1024
      ? `port ${port} is a privileged port that this user may not open; choose a port from 1024 up with STRATOS_PORT or "server.port", or grant the right to bind it (CAP_NET_BIND_SERVICE)`
      : `this user may not listen on port ${port}; choose another port with STRATOS_PORT or "server.port"`;
  }
  if (code !== undefined && ADDRESS_NOT_HERE.has(code)) {
    return `the host address '${host}' does not resolve or is not an address of this machine; set STRATOS_HOST or "server.host" to one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`;
  }
  return `check the address (STRATOS_HOST or "server.host") and the port (STRATOS_PORT or "server.port")`;
}

/** `STRATOS_ERR_SERVER_LISTEN` for a failed listen on `host:port`, with the fix for its cause. */
export function listenError(host: string, port: number, error: unknown): HostError<'STRATOS_ERR_SERVER_LISTEN'> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const fix = listenFix(typeof code === 'string' ? code : undefined, host, port);
  return hostError('STRATOS_ERR_SERVER_LISTEN', { address: `${host}:${port}`, fix, reason: describeError(error) }, error);
}
