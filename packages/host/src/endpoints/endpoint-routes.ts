import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../internal/logger.js';
import type { HostStateRef } from '../server/host-state.js';
import type { EndpointChanges, EndpointRecord, Store } from '../store/store.js';
import { comparableApiUrl, describeUrl, normalizeApiUrl } from './api-url.js';
import { endpointGuid } from './endpoint-guid.js';
import { toEndpoint, toEndpointJson } from './endpoint-view.js';
import { notifyPlugins } from './notify-plugins.js';
import { probeEndpoint } from './probe-endpoint.js';
import { readFirst, readFlag } from './request-fields.js';

/** What the endpoint and token routes need. */
export interface EndpointRouteDeps {
  store: Store;
  logger: Logger;
  state: HostStateRef;
}

/** The API URL of a register request, normalised (see `normalizeApiUrl`); http(s) only, no user info. */
function readApiUrl(ctx: Context): string {
  const raw = readFirst(ctx, 'api_endpoint')?.trim();
  if (!raw) return ctx.throw(400, "Field 'api_endpoint' is required: the endpoint's API URL, e.g. https://api.example.com");
  return normalizeApiUrl(raw);
}

/**
 * Answers 409 when an endpoint with the same URL exists: the same guid, or a URL stored before
 * URLs were normalised that normalises to the same one.
 */
async function assertUrlFree(ctx: Context, store: Store, apiEndpoint: string, guid: string): Promise<void> {
  const existing =
    (await store.getEndpoint(guid)) ?? (await store.listEndpoints()).find((e) => comparableApiUrl(e.apiEndpoint) === apiEndpoint);
  if (existing) ctx.throw(409, `Endpoint '${describeUrl(apiEndpoint)}' is already registered as '${existing.name}'`);
}

/** Answers 409 when another endpoint already has `name`. */
async function assertNameFree(ctx: Context, store: Store, name: string, guid: string): Promise<void> {
  const taken = (await store.listEndpoints()).find((e) => e.name === name && e.guid !== guid);
  if (taken) ctx.throw(409, `An endpoint named '${name}' already exists; choose another name`);
}

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * `GET /api/v1/endpoints` (session) and register, update and unregister (admin). Registration
 * probes the URL with the type's `info()`; every change is told to each active plugin.
 */
export function addEndpointRoutes(session: Router, admin: Router, deps: EndpointRouteDeps): void {
  const { store, logger } = deps;
  const notify = (action: 'register' | 'update' | 'unregister', record: EndpointRecord) =>
    notifyPlugins(action, toEndpoint(record), deps.state.current.records, logger.child('endpoints'));

  session.get('/api/v1/endpoints', async (ctx) => {
    const types = deps.state.current.table.endpointTypes;
    ctx.body = (await store.listEndpoints()).map((record) => toEndpointJson(record, types.has(record.type)));
  });

  admin.post('/api/v1/endpoints', async (ctx) => {
    const types = deps.state.current.table.endpointTypes;
    const available = [...types.keys()].map((t) => `'${t}'`).join(', ') || 'none (no active plugin provides an endpoint type)';
    const type = readFirst(ctx, 'endpoint_type')?.trim();
    if (!type) return ctx.throw(400, `Field 'endpoint_type' is required; available types: ${available}`);
    const entry = types.get(type);
    if (!entry)
      return ctx.throw(400, `Unknown endpoint type '${type}': no active plugin provides it; available types: ${available}`);
    const name = readFirst(ctx, 'cnsi_name')?.trim();
    if (!name) return ctx.throw(400, "Field 'cnsi_name' is required: a name for the endpoint");
    const apiEndpoint = readApiUrl(ctx);
    const guid = endpointGuid(apiEndpoint);
    await assertUrlFree(ctx, store, apiEndpoint, guid);
    await assertNameFree(ctx, store, name, guid);

    const skipSslValidation = readFlag(ctx, 'skip_ssl_validation') ?? false;
    const caCert = readFirst(ctx, 'ca_cert')?.trim() || undefined;
    const probe = await probeEndpoint(entry, apiEndpoint, { skipSslValidation, ...(caCert ? { caCert } : {}) });
    let record: EndpointRecord;
    try {
      record = await store.insertEndpoint({
        guid,
        name,
        type,
        subType: readFirst(ctx, 'sub_type')?.trim() || probe.subType,
        apiEndpoint,
        authorizationEndpoint: probe.authorizationEndpoint,
        tokenEndpoint: probe.tokenEndpoint,
        dopplerLoggingEndpoint: probe.dopplerLoggingEndpoint,
        skipSslValidation,
        caCert,
        clientId: readFirst(ctx, 'cnsi_client_id') || undefined,
        clientSecret: readFirst(ctx, 'cnsi_client_secret') || undefined,
        metadata: probe.metadata ?? {},
        creator: ctx.state.user!.guid,
      });
    } catch (error) {
      // Another request registered the same URL or name while this one was probing.
      if (isUniqueViolation(error))
        return ctx.throw(409, `Endpoint '${describeUrl(apiEndpoint)}' or the name '${name}' is already registered`);
      throw error;
    }
    logger.info(`endpoint '${name}' registered`, { endpoint: guid, type, creator: record.creator });
    await notify('register', record);
    ctx.status = 201;
    ctx.body = toEndpointJson(record, true);
  });

  admin.post('/api/v1/endpoints/:guid', async (ctx) => {
    const record = await store.getEndpoint(ctx.params.guid!);
    if (!record) return ctx.throw(404, `No endpoint with guid '${ctx.params.guid}'`);
    const changes: EndpointChanges = {};
    const name = readFirst(ctx, 'name', 'cnsi_name');
    if (name !== undefined) {
      if (!name.trim()) return ctx.throw(400, "Field 'name' must not be empty");
      changes.name = name.trim();
      await assertNameFree(ctx, store, changes.name, record.guid);
    }
    const skip = readFlag(ctx, 'skip_ssl_validation', 'skipSSL');
    if (skip !== undefined) changes.skipSslValidation = skip;
    const caCert = readFirst(ctx, 'ca_cert', 'caCert');
    if (caCert !== undefined) changes.caCert = caCert.trim();
    const clientId = readFirst(ctx, 'cnsi_client_id', 'clientID');
    if (clientId !== undefined) changes.clientId = clientId;
    const clientSecret = readFirst(ctx, 'cnsi_client_secret', 'clientSecret');
    if (clientSecret !== undefined) changes.clientSecret = clientSecret;
    const updated = await store.updateEndpoint(record.guid, changes);
    if (!updated) return ctx.throw(404, `No endpoint with guid '${ctx.params.guid}'`);
    logger.info(`endpoint '${updated.name}' updated`, { endpoint: updated.guid, fields: Object.keys(changes) });
    await notify('update', updated);
    ctx.body = toEndpointJson(updated, deps.state.current.table.endpointTypes.has(updated.type));
  });

  admin.delete('/api/v1/endpoints/:guid', async (ctx) => {
    const record = await store.getEndpoint(ctx.params.guid!);
    if (!record || !(await store.deleteEndpoint(record.guid)))
      return ctx.throw(404, `No endpoint with guid '${ctx.params.guid}'`);
    logger.info(`endpoint '${record.name}' unregistered`, { endpoint: record.guid });
    await notify('unregister', record);
    ctx.body = { status: 'ok' };
  });
}
