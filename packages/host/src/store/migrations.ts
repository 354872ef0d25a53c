/** One step of the embedded store's schema; applied in order, each in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The embedded store's schema history. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users and sessions',
    sql: `
      CREATE TABLE users (
        guid TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
    `,
  },
  {
    version: 2,
    name: 'endpoints and tokens',
    // Secrets (client_secret, auth_token, refresh_token) hold sealed values, never plain text.
    sql: `
      CREATE TABLE endpoints (
        guid TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        sub_type TEXT,
        api_endpoint TEXT NOT NULL UNIQUE,
        authorization_endpoint TEXT,
        token_endpoint TEXT,
        doppler_logging_endpoint TEXT,
        skip_ssl_validation INTEGER NOT NULL DEFAULT 0,
        ca_cert TEXT,
        client_id TEXT,
        client_secret TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        creator TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE tokens (
        endpoint_guid TEXT NOT NULL REFERENCES endpoints (guid) ON DELETE CASCADE,
        user_guid TEXT NOT NULL,
        auth_type TEXT NOT NULL,
        auth_token TEXT NOT NULL,
        refresh_token TEXT,
        expiry INTEGER,
        account TEXT,
        admin INTEGER NOT NULL DEFAULT 0,
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (endpoint_guid, user_guid)
      );
      CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];
