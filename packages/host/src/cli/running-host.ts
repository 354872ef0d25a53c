import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginStatus } from '../loader/types.js';

/** File in the data directory where a running host describes itself. */
export const HOST_INFO_FILE = 'host.json';

/** What a running host writes to `<dataDir>/host.json`, as far as the CLI reads it. */
export interface RunningHost {
  pid: number;
  url: string;
  configFile: string | null;
  startedAt: string;
  plugins: PluginStatus[];
  lastReload: unknown;
}

/**
 * The host running on `dataDir`, read from its `host.json`; undefined when there is no such file,
 * it cannot be read, or the process it names has exited (a host killed outright leaves its file).
 */
export function readRunningHost(dataDir: string): RunningHost | undefined {
  let info: Partial<RunningHost>;
  try {
    info = JSON.parse(readFileSync(path.join(dataDir, HOST_INFO_FILE), 'utf8')) as Partial<RunningHost>;
  } catch {
    return undefined;
  }
  if (!info || typeof info.pid !== 'number' || !Number.isInteger(info.pid) || info.pid <= 0) return undefined;
  if (!isAlive(info.pid)) return undefined;
  return {
    pid: info.pid,
    url: typeof info.url === 'string' ? info.url : '',
    configFile: typeof info.configFile === 'string' ? info.configFile : null,
    startedAt: typeof info.startedAt === 'string' ? info.startedAt : '',
    plugins: Array.isArray(info.plugins) ? info.plugins : [],
    lastReload: info.lastReload ?? null,
  };
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence only; EPERM means it exists under another user.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
