import { refuseSecondHost } from '../refuse-second-host.js';
import { errorFinding, type Finding } from './finding.js';

/**
 * Whether a host already runs on the data directory (its `host.json` names a live process), which
 * would make `stratos start` refuse. A warning, not an error: doctor is also run beside a running
 * host, to check a config before `stratos reload`.
 */
export function checkRunningHost(dataDir: string): Finding {
  const subject = 'running host';
  try {
    refuseSecondHost(dataDir);
    return { level: 'ok', subject, message: `none on '${dataDir}'` };
  } catch (error) {
    return errorFinding(subject, error, 'warn');
  }
}
