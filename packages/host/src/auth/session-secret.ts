import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** File in the data directory holding the key session cookies are signed with. */
export const SESSION_KEY_FILE = 'session.key';

/**
 * The key that signs session cookies: `STRATOS_SESSION_SECRET` when set (several hosts behind one
 * load balancer share it), else a random key kept in the data directory with mode 0600.
 */
export function loadSessionSecret(dataDir: string, env: NodeJS.ProcessEnv): string {
  if (env.STRATOS_SESSION_SECRET) return env.STRATOS_SESSION_SECRET;
  const file = path.join(dataDir, SESSION_KEY_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created the file meanwhile; then its key is the one to use.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
