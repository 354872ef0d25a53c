import { PLUGIN_BRAND, type StratosPlugin } from '@stratos/plugin-sdk';
import { hostError } from '../errors.js';
import { describeValue } from '../internal/describe-value.js';

const OPTIONAL_FUNCTIONS = [
  'getMiddlewarePlugin',
  'getEndpointPlugin',
  'getRoutePlugin',
  'onEndpointNotification',
  'destroy',
] as const;

/**
 * Checks a default export is a plugin: branded by `definePlugin` (from any copy of the SDK, so no
 * `instanceof`), with `init` and every optional member a function.
 */
export function validatePlugin(pluginId: string, value: unknown): StratosPlugin {
  const fail = (expected: string, received: unknown): never => {
    throw hostError('STRATOS_ERR_PLUGIN_INVALID_SHAPE', { pluginId, expected, received: describeValue(received) });
  };
  if (value === null || typeof value !== 'object') return fail('an object made by definePlugin()', value);
  const candidate = value as Record<string, unknown>;
  if (candidate.$$type !== PLUGIN_BRAND || candidate.version !== 1) {
    return fail(`the brand $$type '${PLUGIN_BRAND}' with version 1`, candidate.$$type ?? value);
  }
  if (typeof candidate.init !== 'function') return fail('init to be a function', candidate.init);
  for (const name of OPTIONAL_FUNCTIONS) {
    if (candidate[name] !== undefined && typeof candidate[name] !== 'function') {
      return fail(`${name} to be a function when present`, candidate[name]);
    }
  }
  return value as StratosPlugin;
}
