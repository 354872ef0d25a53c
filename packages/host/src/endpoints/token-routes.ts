import type Router from '@koa/router';
import type { TokenRecord } from '@stratos/plugin-sdk';
import type { Context } from 'koa';
import { describeError, describeValue } from '../internal/describe-value.js';
import type { EndpointTypeEntry } from '../mount/mount-plugins.js';
import { SYSTEM_SHARED_USER, type EndpointRecord } from '../store/store.js';
import { hideUserInfo } from './api-url.js';
import type { EndpointRouteDeps } from './endpoint-routes.js';
import { toConnectedUser, toEndpoint, toTokenRecord } from './endpoint-view.js';
import { readAllFields, readFirst, readFlag } from './request-fields.js';

/** The endpoint a token request names and the plugin that provides its type; 4xx otherwise. */
async function endpointAndType(
  ctx: Context,
  deps: EndpointRouteDeps,
  guid: string | undefined,
): Promise<[EndpointRecord, EndpointTypeEntry]> {
  if (!guid) return ctx.throw(400, "Field 'cnsi_guid' is required: the guid of the endpoint to connect to");
  const record = await deps.store.getEndpoint(guid);
  if (!record) return ctx.throw(404, `No endpoint with guid '${guid}'`);
  const entry = deps.state.current.table.endpointTypes.get(record.type);
  if (!entry) {
    return ctx.throw(
      400,
      `Endpoint '${record.name}' has type '${record.type}', which no active plugin provides; enable the plugin that provides it`,
    );
  }
  return [record, entry];
}

/** A 4xx for a plugin's refusal: its own 4xx status and message, else 400 with the message. */
function refusal(error: unknown, what: string): Error {
  const status = Number((error as { status?: unknown } | null)?.status);
  return Object.assign(new Error(`${what}: ${describeError(error)}`), {
    status: status >= 400 && status < 500 ? status : 400,
    expose: true,
  });
}

function assertTokenRecord(value: unknown, pluginId: string): asserts value is TokenRecord {
  const token = value as Partial<TokenRecord> | null;
  if (!token || typeof token !== 'object' || typeof token.authType !== 'string' || typeof token.authToken !== 'string') {
    // A plugin bug: a 500, logged with the plugin's id by the error boundary.
    throw new Error(`plugin '${pluginId}' connect() returned ${describeValue(value)}; expected { authType, authToken }`);
  }
}

/**
 * `POST /api/v1/tokens` connects the caller (or, for an admin, everyone: `system_shared`) to an
 * endpoint through its type's `connect()` and `validate()`; `DELETE /api/v1/tokens/:guid`
 * disconnects. Tokens are sealed by the store and never part of an answer or a log line.
 */
export function addTokenRoutes(session: Router, deps: EndpointRouteDeps): void {
  const { store } = deps;
  const logger = deps.logger.child('tokens');

  session.post('/api/v1/tokens', async (ctx) => {
    const user = ctx.state.user!;
    const [record, entry] = await endpointAndType(ctx, deps, readFirst(ctx, 'cnsi_guid')?.trim());
    const systemShared = readFlag(ctx, 'system_shared') ?? false;
    if (systemShared && !user.admin) return ctx.throw(403, 'Only administrators may connect a system-shared token');
    const connectType = readFirst(ctx, 'connect_type')?.trim();
    if (!connectType) return ctx.throw(400, "Field 'connect_type' is required, e.g. 'creds' or 'token'");

    const endpoint = toEndpoint(record);
    let token: TokenRecord;
    try {
      token = await entry.endpoint.connect({ connectType, fields: readAllFields(ctx), systemShared }, endpoint, user);
    } catch (error) {
      logger.debug(`plugin '${entry.pluginId}' refused a connection`, { plugin: entry.pluginId, endpoint: record.guid });
      throw refusal(error, `Could not connect to endpoint '${record.name}'`);
    }
    assertTokenRecord(token, entry.pluginId);
    const saved = await store.saveToken({
      endpointGuid: record.guid,
      userGuid: systemShared ? SYSTEM_SHARED_USER : user.guid,
      authType: token.authType,
      authToken: token.authToken,
      refreshToken: token.refreshToken,
      expiry: token.expiry,
      account: token.account,
      admin: Boolean(token.admin),
      metadata: token.metadata ?? {},
    });
    if (entry.endpoint.validate) {
      try {
        await entry.endpoint.validate(endpoint, toTokenRecord(saved));
      } catch (error) {
        await store.deleteToken(saved.endpointGuid, saved.userGuid);
        logger.debug(`plugin '${entry.pluginId}' rejected a token; it was removed`, {
          plugin: entry.pluginId,
          endpoint: record.guid,
        });
        throw refusal(error, `The credentials for endpoint '${record.name}' were not accepted`);
      }
    }
    logger.info(`user '${user.name}' connected to endpoint '${record.name}'`, { endpoint: record.guid, systemShared });
    ctx.body = {
      account: saved.account ?? '',
      token_expiry: saved.expiry ?? 0,
      api_endpoint: hideUserInfo(record.apiEndpoint),
      admin: saved.admin,
      user: toConnectedUser(saved),
      system_shared: systemShared,
    };
  });

  session.delete('/api/v1/tokens/:guid', async (ctx) => {
    const user = ctx.state.user!;
    const record = await store.getEndpoint(ctx.params.guid!);
    if (!record) return ctx.throw(404, `No endpoint with guid '${ctx.params.guid}'`);
    const systemShared = readFlag(ctx, 'system_shared') ?? false;
    if (systemShared && !user.admin) return ctx.throw(403, 'Only administrators may remove a system-shared token');
    const userGuid = systemShared ? SYSTEM_SHARED_USER : user.guid;
    if (!(await store.deleteToken(record.guid, userGuid))) {
      return ctx.throw(
        404,
        `${systemShared ? 'There is no system-shared token' : 'You are not connected'} for endpoint '${record.name}'`,
      );
    }
    logger.info(`user '${user.name}' disconnected from endpoint '${record.name}'`, { endpoint: record.guid, systemShared });
    ctx.body = { status: 'ok' };
  });
}
