import { hostError } from '../errors.js';
import { readRunningHost } from './running-host.js';

/**
 * Throws `STRATOS_ERR_CLI_HOST_RUNNING` when the `host.json` of `dataDir` names a live process
 * other than this one: a second host would share the store and overwrite that file. A file left
 * by a host that was killed names a dead pid and is ignored; so is one naming this very process
 * (a container restarted after a crash runs the host under the same pid again).
 */
export function refuseSecondHost(dataDir: string): void {
  const running = readRunningHost(dataDir);
  if (!running || running.pid === process.pid) return;
  throw hostError('STRATOS_ERR_CLI_HOST_RUNNING', { dataDir, pid: running.pid, url: running.url || 'address unknown' });
}
