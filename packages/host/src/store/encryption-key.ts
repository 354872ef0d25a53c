import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../errors.js';

/** File in the data directory holding the key endpoint secrets are encrypted with. */
export const ENCRYPTION_KEY_FILE = 'encryption.key';

/** An AES-256 key and where it came from, so errors can say which source to fix. */
export interface EncryptionKey {
  key: Buffer;
  /** `STRATOS_ENCRYPTION_KEY` or `key file '<path>'`. */
  source: string;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** Reads a 32-byte key written as 64 hex digits or base64 (standard or URL alphabet). */
export function parseEncryptionKey(text: string, source: string): EncryptionKey {
  const value = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(value)) key = Buffer.from(value, 'hex');
  else if (BASE64_KEY.test(value)) key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) {
    // The key itself must never reach a message or a log line: describe its shape only.
    throw hostError('STRATOS_ERR_STORE_KEY_INVALID', { source, received: `a value of ${value.length} characters` });
  }
  return { key, source };
}

/**
 * Finds the key that encrypts endpoint secrets: `STRATOS_ENCRYPTION_KEY` when set (hosts sharing
 * a store share it), else the key file in `dataDir`. Without either, a key file is created with
 * mode 0600 only when `create` is true: a store that already holds secrets needs their key, and a
 * new one would make them unreadable. Returns undefined when there is no key and none may be made.
 */
export function resolveEncryptionKey(dataDir: string, env: NodeJS.ProcessEnv, create: boolean): EncryptionKey | undefined {
  if (env.STRATOS_ENCRYPTION_KEY) return parseEncryptionKey(env.STRATOS_ENCRYPTION_KEY, 'STRATOS_ENCRYPTION_KEY');
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
  const source = `key file '${file}'`;
  try {
    const existing = readFileSync(file, 'utf8');
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return parseEncryptionKey(existing, source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!create) return undefined;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then its key is the one to use.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseEncryptionKey(readFileSync(file, 'utf8'), source);
    throw error;
  }
}
