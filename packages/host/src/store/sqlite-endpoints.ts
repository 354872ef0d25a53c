/* Internal: the endpoint and token half of the SQLite store. */
import type Database from 'better-sqlite3';
import type { SecretBox } from './secret-box.js';
import { SYSTEM_SHARED_USER, type EndpointRecord, type Store, type StoredToken } from './store.js';

interface EndpointRow {
  guid: string;
  name: string;
  type: string;
  sub_type: string | null;
  api_endpoint: string;
  authorization_endpoint: string | null;
  token_endpoint: string | null;
  doppler_logging_endpoint: string | null;
  skip_ssl_validation: number;
  ca_cert: string | null;
  client_id: string | null;
  client_secret: string | null;
  metadata: string;
  creator: string | null;
  created_at: number;
}

interface TokenRow {
  endpoint_guid: string;
  user_guid: string;
  auth_type: string;
  auth_token: string;
  refresh_token: string | null;
  expiry: number | null;
  account: string | null;
  admin: number;
  metadata: string;
  created_at: number;
}

type EndpointMethods = Pick<
  Store,
  | 'listEndpoints'
  | 'getEndpoint'
  | 'insertEndpoint'
  | 'updateEndpoint'
  | 'deleteEndpoint'
  | 'saveToken'
  | 'getToken'
  | 'findToken'
  | 'deleteToken'
  | 'deleteTokens'
>;

/** Drops undefined and null fields, so records carry only what is known. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * The store's endpoint and token methods over `db`. `secrets()` gives the box that seals secrets;
 * it throws when the store was opened without an encryption key.
 */
export function createEndpointMethods(db: Database.Database, secrets: () => SecretBox): EndpointMethods {
  const open = (sealed: string | null) => (sealed === null ? undefined : secrets().decrypt(sealed));
  const seal = (plain: string | undefined) => (plain === undefined ? null : secrets().encrypt(plain));
  const toEndpoint = (row: EndpointRow): EndpointRecord =>
    compact({
      guid: row.guid,
      name: row.name,
      type: row.type,
      subType: row.sub_type,
      apiEndpoint: row.api_endpoint,
      authorizationEndpoint: row.authorization_endpoint,
      tokenEndpoint: row.token_endpoint,
      dopplerLoggingEndpoint: row.doppler_logging_endpoint,
      skipSslValidation: row.skip_ssl_validation === 1,
      caCert: row.ca_cert,
      clientId: row.client_id,
      clientSecret: open(row.client_secret),
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      creator: row.creator,
      createdAt: row.created_at,
    }) as EndpointRecord;
  const toToken = (row: TokenRow): StoredToken =>
    compact({
      endpointGuid: row.endpoint_guid,
      userGuid: row.user_guid,
      authType: row.auth_type,
      authToken: open(row.auth_token),
      refreshToken: open(row.refresh_token),
      expiry: row.expiry,
      account: row.account,
      admin: row.admin === 1,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      createdAt: row.created_at,
    }) as StoredToken;

  const sql = {
    list: db.prepare<[], EndpointRow>('SELECT * FROM endpoints ORDER BY name'),
    get: db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE guid = ?'),
    insert: db.prepare(
      `INSERT INTO endpoints (guid, name, type, sub_type, api_endpoint, authorization_endpoint, token_endpoint,
        doppler_logging_endpoint, skip_ssl_validation, ca_cert, client_id, client_secret, metadata, creator, created_at)
       VALUES (@guid, @name, @type, @subType, @apiEndpoint, @authorizationEndpoint, @tokenEndpoint,
        @dopplerLoggingEndpoint, @skipSslValidation, @caCert, @clientId, @clientSecret, @metadata, @creator, @createdAt)`,
    ),
    update: db.prepare(
      `UPDATE endpoints SET name = @name, skip_ssl_validation = @skipSslValidation, ca_cert = @caCert,
        client_id = @clientId, client_secret = @clientSecret WHERE guid = @guid`,
    ),
    delete: db.prepare('DELETE FROM endpoints WHERE guid = ?'),
    saveToken: db.prepare(
      `INSERT INTO tokens (endpoint_guid, user_guid, auth_type, auth_token, refresh_token, expiry, account, admin, metadata, created_at)
       VALUES (@endpointGuid, @userGuid, @authType, @authToken, @refreshToken, @expiry, @account, @admin, @metadata, @createdAt)
       ON CONFLICT (endpoint_guid, user_guid) DO UPDATE SET auth_type = excluded.auth_type, auth_token = excluded.auth_token,
        refresh_token = excluded.refresh_token, expiry = excluded.expiry, account = excluded.account, admin = excluded.admin,
        metadata = excluded.metadata, created_at = excluded.created_at`,
    ),
    getToken: db.prepare<[string, string], TokenRow>('SELECT * FROM tokens WHERE endpoint_guid = ? AND user_guid = ?'),
    // The user's own token sorts before the system-shared one.
    findToken: db.prepare<[string, string, string, string], TokenRow>(
      'SELECT * FROM tokens WHERE endpoint_guid = ? AND user_guid IN (?, ?) ORDER BY user_guid = ? LIMIT 1',
    ),
    deleteToken: db.prepare('DELETE FROM tokens WHERE endpoint_guid = ? AND user_guid = ?'),
    deleteTokens: db.prepare('DELETE FROM tokens WHERE endpoint_guid = ?'),
  };
  const removeEndpoint = db.transaction((guid: string) => {
    sql.deleteTokens.run(guid);
    return sql.delete.run(guid).changes > 0;
  });

  return {
    listEndpoints: async () => sql.list.all().map(toEndpoint),
    async getEndpoint(guid) {
      const row = sql.get.get(guid);
      return row && toEndpoint(row);
    },
    async insertEndpoint(endpoint) {
      const createdAt = Date.now();
      sql.insert.run({
        subType: null,
        authorizationEndpoint: null,
        tokenEndpoint: null,
        dopplerLoggingEndpoint: null,
        caCert: null,
        clientId: null,
        creator: null,
        ...compact(endpoint),
        skipSslValidation: endpoint.skipSslValidation ? 1 : 0,
        clientSecret: seal(endpoint.clientSecret),
        metadata: JSON.stringify(endpoint.metadata ?? {}),
        createdAt,
      });
      return compact({ ...endpoint, createdAt });
    },
    async updateEndpoint(guid, changes) {
      const row = sql.get.get(guid);
      if (!row) return undefined;
      const current = toEndpoint(row);
      const next = { ...current, ...changes };
      sql.update.run({
        guid,
        name: next.name,
        skipSslValidation: next.skipSslValidation ? 1 : 0,
        caCert: next.caCert || null,
        clientId: next.clientId || null,
        clientSecret: seal(next.clientSecret || undefined),
      });
      return toEndpoint(sql.get.get(guid)!);
    },
    deleteEndpoint: async (guid) => removeEndpoint(guid),
    async saveToken(token) {
      const createdAt = Date.now();
      sql.saveToken.run({
        endpointGuid: token.endpointGuid,
        userGuid: token.userGuid,
        authType: token.authType,
        authToken: seal(token.authToken),
        refreshToken: seal(token.refreshToken),
        expiry: token.expiry ?? null,
        account: token.account ?? null,
        admin: token.admin ? 1 : 0,
        metadata: JSON.stringify(token.metadata ?? {}),
        createdAt,
      });
      return compact({ ...token, createdAt });
    },
    async getToken(endpointGuid, userGuid) {
      const row = sql.getToken.get(endpointGuid, userGuid);
      return row && toToken(row);
    },
    async findToken(endpointGuid, userGuid) {
      const row = sql.findToken.get(endpointGuid, userGuid, SYSTEM_SHARED_USER, SYSTEM_SHARED_USER);
      return row && toToken(row);
    },
    deleteToken: async (endpointGuid, userGuid) => sql.deleteToken.run(endpointGuid, userGuid).changes > 0,
    deleteTokens: async (endpointGuid) => sql.deleteTokens.run(endpointGuid).changes,
  };
}
