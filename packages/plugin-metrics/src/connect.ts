import { PluginError, type ConnectRequest, type Endpoint, type TokenRecord } from '@stratos/plugin-sdk';
import { learnCoverage } from './coverage.js';
import type { MetricsState } from './metrics-state.js';

/** The connect types a Prometheus accepts, as the console's connect form sends `connect_type`. */
export const CONNECT_TYPES = ['none', 'creds', 'token'] as const;

/** The token a connect form asks for, and the header that authenticates with it. */
function tokenOf(request: ConnectRequest, endpoint: Endpoint): { token: TokenRecord; authHeaders: Record<string, string> } {
  const { connectType, fields } = request;
  if (connectType === 'none') return { token: { authType: 'none', authToken: '' }, authHeaders: {} };
  if (connectType === 'creds') {
    const { username, password } = fields;
    if (!username || !password)
      throw new PluginError(
        400,
        `Connecting to Prometheus '${endpoint.name}' with connect_type 'creds' needs a username and a password`,
      );
    const authToken = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    return {
      token: { authType: 'HttpBasic', authToken, account: username },
      authHeaders: { authorization: `Basic ${authToken}` },
    };
  }
  if (connectType === 'token') {
    const token = fields.token;
    if (!token) throw new PluginError(400, `Connecting to Prometheus '${endpoint.name}' with connect_type 'token' needs a token`);
    return { token: { authType: 'Bearer', authToken: token }, authHeaders: { authorization: `Bearer ${token}` } };
  }
  throw new PluginError(
    400,
    `connect_type '${connectType}' is not supported by Prometheus endpoints; use one of ${CONNECT_TYPES.map((t) => `'${t}'`).join(', ')}`,
  );
}

/**
 * Connects to a Prometheus: builds the token the form asks for (`none`, `creds` for HTTP Basic,
 * `token` for a Bearer token), checks it with `GET /api/v1/status/buildinfo` (a 401 means the
 * credentials were refused), then learns what the Prometheus covers (its `/stratos` document,
 * else the config's mapping) and keeps that in the token's metadata as `covers`.
 */
export async function connectPrometheus(state: MetricsState, request: ConnectRequest, endpoint: Endpoint): Promise<TokenRecord> {
  const { http, config, logger } = state.context;
  const { token, authHeaders } = tokenOf(request, endpoint);
  const tls = { skipSslValidation: endpoint.skipSslValidation, ...(endpoint.caCert ? { caCert: endpoint.caCert } : {}) };
  const check = await http.request(endpoint.apiEndpoint, tls, {
    path: '/api/v1/status/buildinfo',
    headers: { accept: 'application/json', ...authHeaders },
  });
  if (check.status === 401 || check.status === 403)
    throw new PluginError(401, `Prometheus '${endpoint.name}' rejected the credentials`);
  if (check.status !== 200) {
    throw new PluginError(
      400,
      `Prometheus '${endpoint.name}' answered ${check.status} to GET /api/v1/status/buildinfo; check that its URL is a Prometheus server`,
    );
  }
  const { covers, source } = await learnCoverage(http, endpoint, authHeaders, config);
  state.knownCoverage.set(endpoint.guid, covers);
  logger.info(`Prometheus '${endpoint.name}' covers ${covers.length} endpoint(s)`, { endpoint: endpoint.guid, source });
  return { ...token, metadata: { covers } };
}
