import { spawn } from 'node:child_process';
import { hostError } from '../errors.js';

/**
 * Runs `npm <args>` in `dir`. Its output goes to the terminal, unless `quiet` (for `--json`, whose
 * stdout must stay one JSON document): then it is dropped and npm's last error line goes into the
 * `STRATOS_ERR_CLI_NPM_FAILED` error raised when npm fails or cannot be started.
 */
export function runNpm(args: string[], dir: string, quiet: boolean): Promise<void> {
  const command = `npm ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    // npm is a .cmd script on Windows, which only a shell can run.
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: dir,
      stdio: quiet ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      shell: process.platform === 'win32',
    });
    let errors = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      errors = (errors + chunk).slice(-8192);
    });
    child.once('error', (error) =>
      reject(hostError('STRATOS_ERR_CLI_NPM_FAILED', { command, dir, status: error.message }, error)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      const last = errors
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !/^npm warn/i.test(line))
        .at(-1);
      const status = `${signal ? `killed by ${signal}` : `exit ${code}`}${last ? `: ${last}` : ''}`;
      reject(hostError('STRATOS_ERR_CLI_NPM_FAILED', { command, dir, status }));
    });
  });
}
