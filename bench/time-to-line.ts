import { spawn } from 'node:child_process';

const TIMEOUT_MS = 120_000;

/**
 * Spawns `node <args>` and measures the wall time from just before the spawn to the first time
 * `marker` appears on its stdout. Then ends the process (SIGTERM unless it exits by itself) and
 * waits for it to exit, so the next measurement has the machine to itself.
 */
export async function timeToLine(args: string[], env: NodeJS.ProcessEnv, marker: string, cwd: string): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${marker}' from node ${args.join(' ')} within ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        const seenAt = performance.now();
        output += chunk.toString();
        if (output.includes(marker)) {
          clearTimeout(timer);
          resolve(seenAt - began);
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`node ${args.join(' ')} exited with ${code} before printing '${marker}':\n${output}${errors}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }
}
