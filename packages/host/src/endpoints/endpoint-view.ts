import type { Endpoint, TokenRecord } from '@stratos/plugin-sdk';
import type { EndpointRecord, StoredToken } from '../store/store.js';
import { hideUserInfo } from './api-url.js';

/** An endpoint as the SDK hands it to plugins: no client id or secret. */
export function toEndpoint(record: EndpointRecord): Endpoint {
  const { clientId: _clientId, clientSecret: _clientSecret, createdAt: _createdAt, ...endpoint } = record;
  return endpoint;
}

/** A stored token as the SDK hands it to plugins. */
export function toTokenRecord(token: StoredToken): TokenRecord {
  const { endpointGuid: _endpoint, userGuid: _user, createdAt: _createdAt, ...record } = token;
  return record;
}

/**
 * An endpoint as clients read it, in Jetstream's snake_case field names. The client secret is
 * never part of it, whatever the caller, nor a password in the URL of an endpoint registered
 * before such URLs were refused; `type_available` says whether an active plugin provides the
 * endpoint's type.
 */
export function toEndpointJson(record: EndpointRecord, typeAvailable: boolean): Record<string, unknown> {
  return {
    guid: record.guid,
    name: record.name,
    cnsi_type: record.type,
    sub_type: record.subType ?? '',
    api_endpoint: hideUserInfo(record.apiEndpoint),
    authorization_endpoint: record.authorizationEndpoint ?? '',
    token_endpoint: record.tokenEndpoint ?? '',
    doppler_logging_endpoint: record.dopplerLoggingEndpoint ?? '',
    skip_ssl_validation: record.skipSslValidation,
    ca_cert: record.caCert ?? '',
    client_id: record.clientId ?? '',
    metadata: record.metadata,
    creator: record.creator ?? '',
    type_available: typeAvailable,
  };
}

/** Who an endpoint knows the caller as: the account a token was made for. */
export function toConnectedUser(token: StoredToken): { guid: string; name: string; admin: boolean } {
  const account = token.account ?? '';
  return { guid: account, name: account, admin: token.admin };
}

/** A URL shaped as Go's `url.URL` marshals to JSON, which the Stratos console reads in `/pp/v1/info`. */
export function toGoUrl(text: string): Record<string, unknown> {
  const url = new URL(text);
  return {
    Scheme: url.protocol.replace(/:$/, ''),
    Opaque: '',
    User: null,
    Host: url.host,
    // Stored URLs have no trailing slash, so a lone '/' is WHATWG's rendering of Go's empty path.
    Path: url.pathname === '/' ? '' : url.pathname,
    RawPath: '',
    ForceQuery: false,
    RawQuery: url.search.replace(/^\?/, ''),
    Fragment: url.hash.replace(/^#/, ''),
    RawFragment: '',
  };
}
