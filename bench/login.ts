/** The admin every bench host is created with (`STRATOS_ADMIN_PASSWORD`). */
export const BENCH_ADMIN = { username: 'admin', password: 'bench-admin-password' };

/**
 * Logs in at `baseUrl` with JSON credentials and returns the headers a logged-in client sends:
 * the session cookies it was given.
 */
export async function loginHeaders(
  baseUrl: string,
  credentials: { username: string; password: string },
): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/pp/v1/auth/login/uaa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`login at ${baseUrl} answered ${response.status}: ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((header) => header.split(';')[0]!);
  if (cookies.length === 0) throw new Error(`login at ${baseUrl} set no cookie`);
  return { cookie: cookies.join('; ') };
}
