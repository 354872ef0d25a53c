import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../../errors.js';
import { checkStoreKey } from '../../store/check-store-key.js';
import { resolveEncryptionKey } from '../../store/encryption-key.js';
import { nearestExisting, notADirectory } from '../../store/nearest-existing.js';
import { SQLITE_FILE } from '../../store/sqlite-store.js';
import { errorFinding, type Finding } from './finding.js';

/**
 * Checks the data directory can be written (or created) and that the encryption key is present
 * and opens the secrets already stored; writes nothing (no key file is made).
 */
export function checkStore(dataDir: string, env: NodeJS.ProcessEnv): Finding[] {
  const writable = checkWritable(dataDir);
  if (writable.level === 'error') return [writable];
  const subject = 'encryption key';
  const store = path.join(dataDir, SQLITE_FILE);
  let source: string | undefined;
  try {
    if (!existsSync(store)) {
      const key = resolveEncryptionKey(dataDir, env, false);
      const message = key
        ? `${key.source} is usable; there is no store yet`
        : 'none yet; a key file is created in the data directory at the first start';
      return [writable, { level: 'ok', subject, message }];
    }
    const { hasSecrets } = checkStoreKey(dataDir, () => {
      const key = resolveEncryptionKey(dataDir, env, false);
      source = key?.source;
      return key;
    });
    const message = hasSecrets
      ? `${source} opens the stored secrets`
      : source
        ? `${source} is usable; the store holds no secrets yet`
        : 'none yet; the store holds no secrets and a key file is created at the next start';
    return [writable, { level: 'ok', subject, message }];
  } catch (error) {
    return [writable, errorFinding(subject, error)];
  }
}

function checkWritable(dataDir: string): Finding {
  const subject = 'data directory';
  // A missing data directory is created at start: its nearest existing parent must be writable.
  const dir = nearestExisting(dataDir);
  try {
    const problem = notADirectory(dir);
    if (problem) throw new Error(problem);
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const reason = (error as Error).message;
    return errorFinding(subject, hostError('STRATOS_ERR_STORE_OPEN', { file: path.join(dataDir, SQLITE_FILE), reason }));
  }
  const message = dir === dataDir ? `'${dataDir}' is writable` : `'${dataDir}' does not exist yet; '${dir}' is writable`;
  return { level: 'ok', subject, message };
}
