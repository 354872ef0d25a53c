import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import type { PluginStatus } from '../loader/types.js';
import type { LastReload } from './create-reloader.js';

/** What a running `stratos start` tells other commands about itself (`<dataDir>/host.json`). */
export interface HostFileContent {
  pid: number;
  url: string;
  configFile: string | null;
  startedAt: string;
  plugins: PluginStatus[];
  lastReload: LastReload | null;
}

/**
 * Writes `file` readable by its owner only (it names the process to signal), through a temporary
 * file renamed over it, so a reader never sees half of it.
 */
export async function writeHostFile(file: string, content: HostFileContent): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes `file` on a clean stop; a missing file is fine. */
export function removeHostFile(file: string): void {
  rmSync(file, { force: true });
}
