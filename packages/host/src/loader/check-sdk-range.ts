// The two functions alone: the package's index loads all of semver at start-up.
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { hostError } from '../errors.js';

/**
 * Checks that the SDK the host runs satisfies the plugin's declared range. Pre-releases of the
 * host's SDK count as their release, so a 1.1.0-rc host still loads `^1.0.0` plugins.
 */
export function checkSdkRange(pluginId: string, range: string, sdkVersion: string, pkg = pluginId): void {
  if (!validRange(range)) {
    throw hostError('STRATOS_ERR_MANIFEST_INVALID', {
      pkg,
      path: '/sdk',
      expected: 'must be a semver range such as ^1.0.0',
      received: `'${range}'`,
    });
  }
  if (!satisfies(sdkVersion, range, { includePrerelease: true })) {
    throw hostError('STRATOS_ERR_COMPAT_SDK_RANGE', { pluginId, range, actual: sdkVersion });
  }
}
