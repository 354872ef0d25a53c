/**
 * The version of this SDK, compared by the host against each plugin's `stratosPlugin.sdk` range.
 * Kept equal to `version` in this package's package.json by a test.
 */
export const SDK_VERSION = '1.0.0';
