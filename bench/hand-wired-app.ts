import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Router from '@koa/router';
import Database from 'better-sqlite3';
import Koa, { type Middleware } from 'koa';
import session from 'koa-session';
import { addPluginRoutes } from './plugin-routes.js';

/** A Koa app wired by hand, and the database behind its sessions. */
export interface HandWiredApp {
  app: Koa;
  close(): void;
}

/** Options of {@link createHandWiredApp}. */
export interface HandWiredOptions {
  dataDir: string;
  /** Whose routes (see `plugin-routes.ts`) the app serves. */
  pluginIndex: number;
  sessionMinutes: number;
  /**
   * Save the session and send its cookie again on every response, as the host does (for the
   * breakdown). Off, sliding expiry saves only once half the session's life is gone.
   */
  rolling: boolean;
}

/**
 * The least a server must do to answer a plugin's session route: a signed cookie naming a
 * session, the session read from an SQLite store, the user read by the session's guid, a gate
 * that refuses anyone else, and @koa/router dispatch to the plugin's routes. It is the yardstick
 * for the host's own request path, so it does nothing the host does not do for that request.
 *
 * `POST /pp/v1/auth/login/uaa` logs in the one seeded user without checking a password: logging
 * in is not what is measured.
 */
export function createHandWiredApp(options: HandWiredOptions): HandWiredApp {
  const db = new Database(path.join(options.dataDir, 'hand-wired.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS users (guid TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL);`);
  const user = { guid: randomUUID(), name: 'admin', scopes: ['stratos.admin'] };
  db.prepare('INSERT INTO users (guid, name, scopes) VALUES (?, ?, ?)').run(user.guid, user.name, JSON.stringify(user.scopes));
  const sql = {
    user: db.prepare<[string], { guid: string; name: string; scopes: string }>('SELECT * FROM users WHERE guid = ?'),
    get: db.prepare<[string], { data: string; expires_at: number }>('SELECT data, expires_at FROM sessions WHERE id = ?'),
    set: db.prepare(
      'INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
    ),
    destroy: db.prepare('DELETE FROM sessions WHERE id = ?'),
  };

  const app = new Koa({ keys: [randomBytes(32).toString('base64url')] });
  const maxAge = options.sessionMinutes * 60_000;
  app.use(
    session(
      {
        key: 'console-session',
        maxAge,
        rolling: options.rolling,
        renew: !options.rolling,
        httpOnly: true,
        signed: true,
        sameSite: 'lax',
        store: {
          get: async (key: string) => {
            const row = sql.get.get(key);
            return row && row.expires_at > Date.now() ? (JSON.parse(row.data) as Record<string, unknown>) : undefined;
          },
          set: async (key: string, data: Record<string, unknown>, ttl: number | 'session' | undefined) => {
            sql.set.run(key, JSON.stringify(data), Date.now() + (typeof ttl === 'number' ? ttl : maxAge));
          },
          destroy: async (key: string) => {
            sql.destroy.run(key);
          },
        },
      },
      app,
    ) as unknown as Middleware,
  );

  const login = new Router();
  login.post('/pp/v1/auth/login/uaa', (ctx) => {
    ctx.session!.userGuid = user.guid;
    ctx.session!.xsrf = randomBytes(32).toString('base64');
    ctx.body = { account: user.name };
  });
  app.use(login.routes());

  app.use(async function requireSession(ctx, next) {
    const guid = ctx.session?.userGuid;
    const row = typeof guid === 'string' ? sql.user.get(guid) : undefined;
    if (!row) return ctx.throw(401, 'Not logged in');
    const scopes = JSON.parse(row.scopes) as string[];
    ctx.state.user = { guid: row.guid, name: row.name, admin: scopes.includes('stratos.admin'), scopes };
    await next();
  });

  const routes = new Router({ prefix: '/pp/v1' });
  addPluginRoutes(routes, options.pluginIndex);
  app.use(routes.routes());
  return { app, close: () => db.close() };
}
