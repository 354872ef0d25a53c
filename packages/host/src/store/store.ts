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
  close(): Promise<void>;
}
