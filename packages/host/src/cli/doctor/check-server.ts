import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import type { HostConfig } from '../../config/types.js';
import { hostError } from '../../errors.js';
import { describeError } from '../../internal/describe-value.js';
import type { RunningHost } from '../running-host.js';
import { errorFinding, type Finding } from './finding.js';

/**
 * Checks the TLS files can be read and the port is free, by listening on it and closing at once;
 * a port held by the host running on this config (its `host.json`) counts as fine.
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
  if (port === 0) {
    findings.push({ level: 'ok', subject, message: 'port 0: the system picks a free port at start' });
    return findings;
  }
  if (running && running.url && new URL(running.url).port === String(port)) {
    findings.push({ level: 'ok', subject, message: `'${address}' is held by the running host (pid ${running.pid})` });
    return findings;
  }
  try {
    await tryListen(host, port);
    findings.push({ level: 'ok', subject, message: `'${address}' is free` });
  } catch (error) {
    findings.push(errorFinding(subject, hostError('STRATOS_ERR_SERVER_LISTEN', { address, reason: describeError(error) })));
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
