import { createHash } from 'node:crypto';

/**
 * The guid of an endpoint, derived from its API URL as Jetstream derives it (base64url, without
 * padding, of the SHA-1 of the URL string), so the same URL always gets the same guid.
 */
export function endpointGuid(apiEndpoint: string): string {
  return createHash('sha1').update(apiEndpoint).digest('base64url');
}
