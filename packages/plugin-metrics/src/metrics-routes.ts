import { PluginError, type PluginRouter, type SessionUser, type StratosContext } from '@stratos/plugin-sdk';
import {
  formatScopeSelector,
  injectMatchers,
  PromqlSyntaxError,
  QueryTooComplexError,
  type ScopeMatchers,
} from './inject-matchers.js';
import type { MetricsState } from './metrics-state.js';
import { resolveScope } from './resolve-scope.js';

/**
 * A Prometheus API operation the routes expose: the API path it calls, the plain parameters
 * passed on, and what in it selects series (`query`, or `match[]` selectors).
 */
interface Operation {
  /** Route path after `/metrics/:guid`. */
  route: string;
  apiPath(ctx: StratosContext): string;
  params: readonly string[];
  selects: 'query' | 'match' | 'match-or-scope';
}

const OPERATIONS: readonly Operation[] = [
  { route: '/query', apiPath: () => '/api/v1/query', params: ['time', 'timeout', 'limit'], selects: 'query' },
  {
    route: '/query_range',
    apiPath: () => '/api/v1/query_range',
    params: ['start', 'end', 'step', 'timeout', 'limit'],
    selects: 'query',
  },
  { route: '/series', apiPath: () => '/api/v1/series', params: ['start', 'end', 'limit'], selects: 'match' },
  { route: '/labels', apiPath: () => '/api/v1/labels', params: ['start', 'end', 'limit'], selects: 'match-or-scope' },
  {
    route: '/label/:name/values',
    apiPath: (ctx) => `/api/v1/label/${encodeURIComponent(ctx.params.name!)}/values`,
    params: ['start', 'end', 'limit'],
    selects: 'match-or-scope',
  },
];

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function allOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `selector` scoped to `matchers`; a query that does not parse, or cannot be scoped, is the caller's 400. */
function scoped(parameter: string, selector: string, matchers: ScopeMatchers): string {
  try {
    return injectMatchers(selector, matchers);
  } catch (error) {
    if (error instanceof PromqlSyntaxError || error instanceof QueryTooComplexError)
      throw new PluginError(400, `Parameter '${parameter}': ${error.message}`);
    throw error;
  }
}

/**
 * The query string sent to Prometheus: only the parameters the operation knows, with every
 * selector scoped when `matchers` are given. Prometheus reads the first of a repeated parameter,
 * so only that one is passed on: an unscoped second `query` can never reach it.
 */
function upstreamQuery(ctx: StratosContext, operation: Operation, matchers: ScopeMatchers | undefined): string {
  const out = new URLSearchParams();
  if (operation.selects === 'query') {
    const query = firstOf(ctx.query.query);
    if (query === undefined || query.trim() === '')
      throw new PluginError(400, "Parameter 'query' is required: a PromQL expression");
    out.append('query', matchers ? scoped('query', query, matchers) : query);
  } else {
    const selectors = allOf(ctx.query['match[]']);
    for (const selector of selectors) out.append('match[]', matchers ? scoped('match[]', selector, matchers) : selector);
    if (matchers && selectors.length === 0 && operation.selects === 'match-or-scope')
      out.append('match[]', formatScopeSelector(matchers));
  }
  for (const name of operation.params) {
    const value = firstOf(ctx.query[name]);
    if (value !== undefined) out.append(name, value);
  }
  return out.toString();
}

/** Calls Prometheus through the host's proxy and answers with its status and JSON body. */
async function answerFromPrometheus(
  ctx: StratosContext,
  state: MetricsState,
  metrics: { guid: string; name: string },
  request: { path: string; query: string },
): Promise<void> {
  const user = ctx.state.user as SessionUser;
  const answer = await state.context.proxy.call(metrics.guid, user, { ...request, headers: { accept: 'application/json' } });
  // A 401 would read to the console as its own session having expired.
  if (answer.status === 401)
    throw new PluginError(
      403,
      `Prometheus '${metrics.name}' rejected the stored credentials; connect to '${metrics.name}' again`,
    );
  let body: unknown;
  try {
    body = answer.json();
  } catch {
    throw new PluginError(502, `Prometheus '${metrics.name}' answered ${answer.status} without JSON`, { expose: true });
  }
  ctx.status = answer.status;
  ctx.body = body;
}

/**
 * `GET /metrics/:guid/{query,query_range,series,labels,label/:name/values}`: Prometheus' API for
 * the endpoint `:guid` a metrics endpoint covers, every selector scoped to that endpoint's labels.
 */
export function addMetricsSessionRoutes(router: PluginRouter, state: MetricsState): void {
  for (const operation of OPERATIONS) {
    router.get(`/metrics/:guid${operation.route}`, async function scopedMetrics(ctx) {
      const { metrics, matchers } = await resolveScope(state, ctx.params.guid!, ctx.state.user as SessionUser);
      const query = upstreamQuery(ctx, operation, matchers);
      await answerFromPrometheus(ctx, state, metrics, { path: operation.apiPath(ctx), query });
    });
  }
}

/**
 * `GET /metrics/admin/:metricsGuid/<op>` (admin group): the same operations on a metrics endpoint
 * itself, unscoped, with the administrator's token or the system-shared one.
 */
export function addMetricsAdminRoutes(router: PluginRouter, state: MetricsState): void {
  for (const operation of OPERATIONS) {
    router.get(`/metrics/admin/:metricsGuid${operation.route}`, async function unscopedMetrics(ctx) {
      const guid = ctx.params.metricsGuid!;
      const metrics = await state.context.endpoints.get(guid);
      if (!metrics || metrics.type !== 'metrics') throw new PluginError(404, `No metrics endpoint with guid '${guid}'`);
      const query = upstreamQuery(ctx, operation, undefined);
      await answerFromPrometheus(ctx, state, metrics, { path: operation.apiPath(ctx), query });
    });
  }
}
