import type { Endpoint } from '@stratos/plugin-sdk';

/** A local user account. */
export interface UserRecord {
  guid: string;
  name: string;
  passwordHash: string;
  scopes: string[];
  createdAt: number;
}

/** A session's data as kept in the store; the cookie holds only its id. */
export interface SessionRecord {
  data: Record<string, unknown>;
  /** Unix milliseconds after which the session is gone. */
  expiresAt: number;
}

/** The user id a system-shared token is kept under (Jetstream's): it serves every user. */
export const SYSTEM_SHARED_USER = '00000000-1111-2222-3333-444444444444';

/** A registered endpoint as stored; `clientSecret` is plain here and sealed at rest. */
export interface EndpointRecord extends Endpoint {
  clientId?: string;
  clientSecret?: string;
  createdAt: number;
}

/** What an endpoint update may change. */
export type EndpointChanges = Partial<
  Pick<EndpointRecord, 'name' | 'skipSslValidation' | 'caCert' | 'clientId' | 'clientSecret'>
>;

/** A user's token for an endpoint; `authToken` and `refreshToken` are plain here and sealed at rest. */
export interface StoredToken {
  endpointGuid: string;
  /** The user's guid, or {@link SYSTEM_SHARED_USER}. */
  userGuid: string;
  authType: string;
  authToken: string;
  refreshToken?: string;
  /** Unix seconds. */
  expiry?: number;
  account?: string;
  admin: boolean;
  metadata: Record<string, unknown>;
  createdAt: number;
}

/**
 * What the host keeps. The embedded default is SQLite ({@link openSqliteStore}); every method is
 * async so a server database can take its place.
 */
export interface Store {
  /** Schema version after migrations, shown as `database_version` in `/pp/v1/info`. */
  readonly schemaVersion: number;
  /** Number of users; with `scope`, of users holding that scope. */
  countUsers(scope?: string): Promise<number>;
  findUserByName(name: string): Promise<UserRecord | undefined>;
  findUserByGuid(guid: string): Promise<UserRecord | undefined>;
  createUser(user: Omit<UserRecord, 'createdAt'>): Promise<UserRecord>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  setSession(id: string, record: SessionRecord): Promise<void>;
  /** Moves a live session's expiry without rewriting its data. */
  touchSession(id: string, expiresAt: number): Promise<void>;
  destroySession(id: string): Promise<void>;
  /** Removes expired sessions; returns how many. */
  purgeExpiredSessions(now: number): Promise<number>;
  listEndpoints(): Promise<EndpointRecord[]>;
  getEndpoint(guid: string): Promise<EndpointRecord | undefined>;
  /** Fails (SQLite: a UNIQUE constraint error) when the guid, name or URL is taken. */
  insertEndpoint(endpoint: Omit<EndpointRecord, 'createdAt'>): Promise<EndpointRecord>;
  /** The updated record; undefined when there is no such endpoint. */
  updateEndpoint(guid: string, changes: EndpointChanges): Promise<EndpointRecord | undefined>;
  /** Removes the endpoint and every token of it; false when there was none. */
  deleteEndpoint(guid: string): Promise<boolean>;
  /** Adds or replaces the token of (endpoint, user). */
  saveToken(token: Omit<StoredToken, 'createdAt'>): Promise<StoredToken>;
  /** Exactly the token kept under `userGuid` (which may be {@link SYSTEM_SHARED_USER}). */
  getToken(endpointGuid: string, userGuid: string): Promise<StoredToken | undefined>;
  /** The token a user reaches the endpoint with: their own, else the system-shared one. */
  findToken(endpointGuid: string, userGuid: string): Promise<StoredToken | undefined>;
  deleteToken(endpointGuid: string, userGuid: string): Promise<boolean>;
  /** Removes every token of an endpoint; returns how many. */
  deleteTokens(endpointGuid: string): Promise<number>;
  close(): Promise<void>;
}
