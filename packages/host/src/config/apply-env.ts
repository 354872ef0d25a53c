import { hostError } from '../errors.js';

/** Where a value applied by {@link applyEnv} came from: the variable and its text. */
export interface EnvOrigin {
  variable: string;
  value: string;
}

/**
 * Applies `STRATOS_PORT`, `STRATOS_HOST`, `STRATOS_DATA_DIR`, `STRATOS_LOG_LEVEL` and
 * `STRATOS_UI_PATH` over the raw config, before it is validated, so an override is checked like a
 * value in the file. Returns the origin of each value it set, by JSON pointer (`/logLevel`), so a
 * schema problem there can name the variable rather than the file.
 */
export function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Map<string, EnvOrigin> {
  const origins = new Map<string, EnvOrigin>();
  const set = (pointer: string, variable: string, value: string) => origins.set(pointer, { variable, value });
  const current = raw.server;
  // A malformed "server" is left for the schema to report with its path.
  if (current !== undefined && (current === null || typeof current !== 'object' || Array.isArray(current))) return origins;
  const server = { ...((current as Record<string, unknown> | undefined) ?? {}) };
  if (env.STRATOS_PORT !== undefined && env.STRATOS_PORT !== '') {
    const port = Number(env.STRATOS_PORT);
    if (!/^\d+$/.test(env.STRATOS_PORT) || port > 65535) {
      throw hostError('STRATOS_ERR_CONFIG_ENV', {
        variable: 'STRATOS_PORT',
        expected: 'an integer port from 0 to 65535',
        received: env.STRATOS_PORT,
      });
    }
    server.port = port;
    set('/server/port', 'STRATOS_PORT', env.STRATOS_PORT);
  }
  if (env.STRATOS_HOST) {
    server.host = env.STRATOS_HOST;
    set('/server/host', 'STRATOS_HOST', env.STRATOS_HOST);
  }
  if (Object.keys(server).length > 0 || current !== undefined) raw.server = server;
  if (env.STRATOS_DATA_DIR) {
    raw.dataDir = env.STRATOS_DATA_DIR;
    set('/dataDir', 'STRATOS_DATA_DIR', env.STRATOS_DATA_DIR);
  }
  if (env.STRATOS_LOG_LEVEL) {
    raw.logLevel = env.STRATOS_LOG_LEVEL;
    set('/logLevel', 'STRATOS_LOG_LEVEL', env.STRATOS_LOG_LEVEL);
  }
  const ui = raw.ui;
  // A malformed "ui" is left for the schema to report, as "server" is above.
  if (env.STRATOS_UI_PATH && (ui === undefined || (ui !== null && typeof ui === 'object' && !Array.isArray(ui)))) {
    raw.ui = { ...(ui as Record<string, unknown> | undefined), path: env.STRATOS_UI_PATH };
    set('/ui/path', 'STRATOS_UI_PATH', env.STRATOS_UI_PATH);
  }
  return origins;
}
