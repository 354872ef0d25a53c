import type Router from '@koa/router';
import type { Context } from 'koa';
import { hostError, isHostError } from '../errors.js';
import type { LastReload, ReloadResult } from '../host/create-reloader.js';
import { toStatus, type PluginStatus } from '../loader/types.js';
import type { HostStateRef } from './host-state.js';

/** Header of `GET /api/v1/plugins` telling how the last reload ended. */
export const LAST_RELOAD_HEADER = 'X-Stratos-Last-Reload';

/** How the admin routes reach the running host's config. */
export interface PluginControl {
  /** The config file in use; undefined on embedded defaults. */
  configFile(): string | undefined;
  /** The folder the config was looked for in. */
  configDir(): string;
  reload(): Promise<ReloadResult>;
  lastReload(): LastReload | null;
}

/** HTTP status of a coded problem raised while editing or applying the config file. */
const STATUS_OF_CODE: Record<string, number> = {
  STRATOS_ERR_CONFIG_NO_FILE: 409,
  STRATOS_ERR_CONFIG_NOT_EDITABLE: 409,
  STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN: 404,
  STRATOS_ERR_CONFIG_PARSE: 409,
  STRATOS_ERR_CONFIG_INVALID: 409,
  STRATOS_ERR_CONFIG_DUPLICATE_PLUGIN: 409,
  STRATOS_ERR_PLUGIN_RESTART_REQUIRED: 409,
  STRATOS_ERR_SERVER_STOPPING: 503,
};

/**
 * Adds the admin routes that list the plugins and turn one on or off. `PUT /api/v1/plugins/:id`
 * only names a plugin already in the config (by id or package): it edits that entry's
 * `"enabled"` in the file and reloads, so the file stays the source of truth.
 */
export function addPluginAdminRoutes(admin: Router, deps: { state: HostStateRef; control?: PluginControl }): void {
  admin.get('/api/v1/plugins', (ctx) => {
    const last = deps.control?.lastReload();
    if (last) ctx.set(LAST_RELOAD_HEADER, last.ok ? `ok; at=${last.at}` : `failed; code=${last.error?.code}; at=${last.at}`);
    ctx.body = deps.state.current.records.map(toStatus);
  });

  admin.put('/api/v1/plugins/:id', async (ctx) => {
    const { id } = ctx.params as { id: string };
    const record = deps.state.current.records.find((r) => r.id === id || r.package === id);
    if (!record) return ctx.throw(404, `No configured plugin has the id or package '${id}'`);
    const enabled = (ctx.request.body as { enabled?: unknown } | undefined)?.enabled;
    if (typeof enabled !== 'boolean') return ctx.throw(400, 'Expected a JSON body {"enabled": true|false}');
    const file = deps.control?.configFile();
    if (!deps.control || !file) {
      return answerProblem(ctx, hostError('STRATOS_ERR_CONFIG_NO_FILE', { dir: deps.control?.configDir() ?? 'this host' }));
    }
    try {
      // Loaded on first use: the editor and its JSON parser cost start-up time most hosts never need.
      const { setPluginEnabled } = await import('../config/edit-config-file.js');
      await setPluginEnabled(file, record.package, enabled);
    } catch (error) {
      if (isHostError(error)) return answerProblem(ctx, error);
      throw error;
    }
    const result = await deps.control.reload();
    if (!result.ok) return answerProblem(ctx, result.error!);
    const after = deps.state.current.records.find((r) => r.package === record.package);
    if (!after) return ctx.throw(409, `Plugin package '${record.package}' left the config while it was edited`);
    const status = toStatus(after);
    if (status.restartRequired) return answerProblem(ctx, status.restartRequired, status);
    if (enabled && status.state !== 'active')
      return answerProblem(ctx, status.error ?? { code: 'STRATOS_ERR_PLUGIN_INIT_FAILED', message: 'not started' }, status, 500);
    ctx.body = status;
  });
}

/** Answers a coded problem as `{status: "error", error, code, data}`: the operator needs the code. */
function answerProblem(
  ctx: Context,
  problem: { code: string; message: string },
  data: PluginStatus | null = null,
  status?: number,
): void {
  ctx.status = status ?? STATUS_OF_CODE[problem.code] ?? 500;
  ctx.body = { status: 'error', error: problem.message, code: problem.code, data };
}
