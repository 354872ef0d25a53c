import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** `dir` when it exists, else its nearest existing parent: the folder creating `dir` depends on. */
export function nearestExisting(dir: string): string {
  let found = dir;
  for (let depth = 0; depth < 256 && !existsSync(found); depth++) found = path.dirname(found);
  return found;
}

/**
 * `'<path>' is not a directory` when a file stands where `dir` or the parent it would be created
 * in should be a folder; undefined otherwise. Clearer than the EEXIST or ENOTDIR of mkdir.
 */
export function notADirectory(dir: string): string | undefined {
  const found = nearestExisting(dir);
  try {
    return statSync(found).isDirectory() ? undefined : `'${found}' is not a directory`;
  } catch {
    return undefined;
  }
}
