import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { hostError } from '../errors.js';
import { findPackageDir } from './find-package-dir.js';

/** Where the host's own SDK lives and its version. */
export interface HostSdk {
  dir: string;
  version: string;
}

/**
 * Detects a plugin that resolves a different copy of `@stratos/plugin-sdk` than the host's (it
 * listed the SDK as a dependency instead of a peer). A copy of another version is refused: the
 * plugin was built against types the host does not run. A copy of the same version still works,
 * since the host recognises plugins by brand, so it is only reported through `onDuplicate`.
 */
export function checkSdkCopy(pluginId: string, pluginDir: string, hostSdk: HostSdk, onDuplicate: (dir: string) => void): void {
  const found = findPackageDir('@stratos/plugin-sdk', pluginDir);
  // A plugin that cannot see any SDK only uses its types; importing it would fail loudly anyway.
  if (!found) return;
  const own = realpathSync(found);
  if (own === hostSdk.dir) return;
  const ownVersion = String((JSON.parse(readFileSync(path.join(own, 'package.json'), 'utf8')) as { version?: unknown }).version);
  if (ownVersion !== hostSdk.version) {
    throw hostError('STRATOS_ERR_COMPAT_SDK_DUPLICATE', {
      pluginId,
      own,
      ownVersion,
      host: hostSdk.dir,
      hostVersion: hostSdk.version,
    });
  }
  onDuplicate(own);
}
