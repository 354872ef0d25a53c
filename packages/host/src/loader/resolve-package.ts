import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../errors.js';
import { describeError } from '../internal/describe-value.js';
import { findPackageDir } from './find-package-dir.js';

/** A plugin package found on disk. */
export interface ResolvedPackage {
  dir: string;
  packageJson: Record<string, unknown>;
}

/**
 * Finds `pkg` from the config file's folder and reads its package.json. Read synchronously: for
 * many small files at start-up that is several times cheaper than opening file handles.
 */
export async function resolvePackage(pkg: string, fromDir: string): Promise<ResolvedPackage> {
  const dir = findPackageDir(pkg, fromDir);
  if (!dir) throw hostError('STRATOS_ERR_LOADER_NOT_INSTALLED', { pkg, dir: fromDir });
  const file = path.join(dir, 'package.json');
  try {
    const packageJson: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (packageJson === null || typeof packageJson !== 'object' || Array.isArray(packageJson)) {
      throw new Error('package.json is not a JSON object');
    }
    return { dir, packageJson: packageJson as Record<string, unknown> };
  } catch (error) {
    throw hostError('STRATOS_ERR_LOADER_PACKAGE_JSON', { pkg, file, reason: describeError(error) }, error);
  }
}
