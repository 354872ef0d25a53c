import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import type { HostConfig } from '../../config/types.js';
import { hostError } from '../../errors.js';
import { describeError } from '../../internal/describe-value.js';
import { listenError } from '../../server/listen-error.js';
import type { RunningHost } from '../running-host.js';
import { errorFinding, type Finding } from './finding.js';

/**
 * Checks the TLS files can be read and the address can be listened on, by listening and closing
 * at once (for port 0 too, so a host name that does not resolve or an address of another machine
 * is found); a port held by the host running on this config (its `host.json`) counts as fine.
 */
export async function checkServer(config: HostConfig, running: RunningHost | undefined): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { host, port, tls } = config.server;
  for (const file of tls ? [tls.cert, tls.key] : []) {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      findings.push(errorFinding('tls', hostError('STRATOS_ERR_SERVER_TLS', { file, reason: describeError(error) })));
    }
  }
  const subject = 'port';
  const address = `${host}:${port}`;
  if (running && running.url && new URL(running.url).port === String(port)) {
    findings.push({ level: 'ok', subject, message: `'${address}' is held by the running host (pid ${running.pid})` });
    return findings;
  }
  try {
    await tryListen(host, port);
    const message = port === 0 ? `'${host}' can be listened on; the system picks a free port at start` : `'${address}' is free`;
    findings.push({ level: 'ok', subject, message });
  } catch (error) {
    findings.push(errorFinding(subject, listenError(host, port, error)));
  }
  return findings;
}

function tryListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
