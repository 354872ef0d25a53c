import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds `name`'s folder the way Node resolves a bare specifier from `fromDir`: in each
 * `node_modules` folder from `fromDir` up to the root. Returns undefined when it is not installed.
 */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
