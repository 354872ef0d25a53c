import type { TokenRecord } from '@stratos/plugin-sdk';
import { hostError } from '../errors.js';
import { EndpointRequestError } from './endpoint-request-error.js';

/**
 * Sets on `headers` (lower-case names) what authenticates a request made with `token`. It may
 * also read the request's other headers; it must not keep the token anywhere else.
 */
export type ApplyAuth = (headers: Record<string, string>, token: TokenRecord) => void;

/** Base64 never contains ':', so a token holding one is a plain `user:password`. */
const PLAIN_CREDENTIALS = /:/;

/**
 * The auth types every host knows, by the name a token's `authType` holds (Jetstream's names):
 * - `HttpBasic`: `Authorization: Basic <authToken>`, where `authToken` is the base64 of
 *   `user:password` as Jetstream stores it; a token holding a plain `user:password` (it has a `:`,
 *   which base64 never has) is encoded first;
 * - `Bearer`: `Authorization: Bearer <authToken>` (OAuth2 access tokens, API tokens);
 * - `Token`: `Authorization: token <authToken>` (GitHub-style tokens);
 * - `none`: nothing is added.
 */
export const BUILT_IN_AUTH_TYPES: Readonly<Record<string, ApplyAuth>> = Object.freeze({
  HttpBasic(headers, token) {
    const credentials = PLAIN_CREDENTIALS.test(token.authToken)
      ? Buffer.from(token.authToken, 'utf8').toString('base64')
      : token.authToken;
    headers.authorization = `Basic ${credentials}`;
  },
  Bearer(headers, token) {
    headers.authorization = `Bearer ${token.authToken}`;
  },
  Token(headers, token) {
    headers.authorization = `token ${token.authToken}`;
  },
  none() {},
});

/**
 * The auth types of a host: the built-in ones plus those plugins register. A proxied request is
 * authenticated by the type its token names.
 *
 * @example
 * ```ts
 * const authTypes = createAuthTypes();
 * authTypes.register('ApiKey', (headers, token) => { headers['x-api-key'] = token.authToken; }, 'acme');
 * authTypes.apply(headers, token);
 * ```
 */
export class AuthTypes {
  readonly #types = new Map<string, { apply: ApplyAuth; owner: string }>();

  /**
   * Adds auth type `name`, provided by `owner` (a plugin id, or `host`). A name already taken is
   * refused with `STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT`, so no plugin can replace how another
   * type sends its secrets.
   */
  register(name: string, apply: ApplyAuth, owner = 'host'): void {
    const taken = this.#types.get(name);
    if (taken) throw hostError('STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT', { pluginId: owner, authType: name, other: taken.owner });
    this.#types.set(name, { apply, owner });
  }

  /** Removes the auth types `owner` registered, as when its plugin is disabled. */
  unregisterOwner(owner: string): void {
    for (const [name, entry] of this.#types) if (entry.owner === owner) this.#types.delete(name);
  }

  has(name: string): boolean {
    return this.#types.has(name);
  }

  /** Who registered auth type `name` (a plugin id, or `host`), if anyone did. */
  ownerOf(name: string): string | undefined {
    return this.#types.get(name)?.owner;
  }

  /** Names of every registered auth type. */
  names(): string[] {
    return [...this.#types.keys()];
  }

  /**
   * Authenticates `headers` with `token`. A token of an unknown type fails with kind
   * `unknown-auth-type` (503): its plugin is gone, and sending the request bare would only hide that.
   */
  apply(headers: Record<string, string>, token: TokenRecord): void {
    const entry = this.#types.get(token.authType);
    if (!entry) {
      throw new EndpointRequestError(
        'unknown-auth-type',
        `The stored token uses auth type '${token.authType}', which no active plugin provides; enable the plugin that provides it, or reconnect to the endpoint`,
      );
    }
    entry.apply(headers, token);
  }
}

/** A registry holding the {@link BUILT_IN_AUTH_TYPES}. */
export function createAuthTypes(): AuthTypes {
  const types = new AuthTypes();
  for (const [name, apply] of Object.entries(BUILT_IN_AUTH_TYPES)) types.register(name, apply);
  return types;
}
