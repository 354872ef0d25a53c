import { PluginError, type Endpoint, type EndpointHttp, type TokenRecord } from '@stratos/plugin-sdk';
import { sameEndpointUrl } from './compare-urls.js';
import type { ScopeMatchers } from './inject-matchers.js';

/**
 * One endpoint a Prometheus holds metrics for: its URL, optionally its endpoint type, and the
 * labels that select its series there (`job`, `environment`).
 */
export interface CoverageEntry {
  type?: string;
  url: string;
  job?: string;
  environment?: string;
}

/** The plugin's config: for a Prometheus URL, the endpoints it covers. */
export interface MetricsConfig {
  mappings?: Record<string, CoverageEntry[]>;
}

/** Where a connection learnt what a Prometheus covers. */
export type CoverageSource = 'document' | 'config' | 'none';

const ENTRY_FIELDS = ['type', 'url', 'job', 'environment'] as const;

/**
 * Reads a `/stratos` document: a JSON array of `{type?, url, job?, environment?}`. Throws a
 * message naming the first entry that is not one.
 */
export function parseCoverageDocument(value: unknown): CoverageEntry[] {
  if (!Array.isArray(value)) throw new Error('expected a JSON array of {type?, url, job?, environment?}');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`entry ${index} is not an object`);
    const record = item as Record<string, unknown>;
    if (typeof record.url !== 'string' || record.url === '') throw new Error(`entry ${index} has no 'url' string`);
    const entry: CoverageEntry = { url: record.url };
    for (const field of ENTRY_FIELDS) {
      const text = record[field];
      if (text === undefined || text === null) continue;
      if (typeof text !== 'string') throw new Error(`entry ${index} has a '${field}' that is not a string`);
      if (text !== '') entry[field] = text;
    }
    return entry;
  });
}

/** The entries the config maps to a Prometheus URL (keys compare as endpoint URLs), if any. */
export function mappingFor(config: MetricsConfig, prometheusUrl: string): CoverageEntry[] | undefined {
  for (const [url, entries] of Object.entries(config.mappings ?? {})) {
    if (sameEndpointUrl(url, prometheusUrl)) return entries.map((entry) => ({ ...entry }));
  }
  return undefined;
}

/** The coverage a token was connected with (`metadata.covers`), or none. */
export function coversOf(token: Pick<TokenRecord, 'metadata'> | undefined): CoverageEntry[] {
  const covers = token?.metadata?.covers;
  if (!Array.isArray(covers)) return [];
  try {
    return parseCoverageDocument(covers);
  } catch {
    return [];
  }
}

/** The entry of `covers` that names `endpoint`: same URL, and same type when the entry has one. */
export function entryFor(
  covers: readonly CoverageEntry[],
  endpoint: Pick<Endpoint, 'type' | 'apiEndpoint'>,
): CoverageEntry | undefined {
  return covers.find(
    (entry) => (entry.type === undefined || entry.type === endpoint.type) && sameEndpointUrl(entry.url, endpoint.apiEndpoint),
  );
}

/** The label matchers an entry scopes queries with; `undefined` when it has neither job nor environment. */
export function scopeOf(entry: CoverageEntry): ScopeMatchers | undefined {
  const matchers: Record<string, string> = {};
  if (entry.job !== undefined) matchers.job = entry.job;
  if (entry.environment !== undefined) matchers.environment = entry.environment;
  return Object.keys(matchers).length === 0 ? undefined : matchers;
}

function isHtml(contentType: string | string[] | undefined): boolean {
  return /\bhtml\b/i.test(String(contentType ?? ''));
}

/**
 * Learns what the Prometheus at `endpoint` covers: its `/stratos` document (fetched with the
 * credentials being connected) when it serves one, else the config's mapping for its URL, else
 * nothing. A 404, or an HTML page (a proxy's or a UI's fallback), means "no document"; any other
 * failure is a 400 that names the document, since coverage would be wrong otherwise.
 */
export async function learnCoverage(
  http: EndpointHttp,
  endpoint: Endpoint,
  authHeaders: Record<string, string>,
  config: MetricsConfig,
): Promise<{ covers: CoverageEntry[]; source: CoverageSource }> {
  const answer = await http.request(
    endpoint.apiEndpoint,
    { skipSslValidation: endpoint.skipSslValidation, ...(endpoint.caCert ? { caCert: endpoint.caCert } : {}) },
    { path: '/stratos', headers: { accept: 'application/json', ...authHeaders } },
  );
  const absent =
    answer.status === 404 || answer.status === 410 || (answer.status === 200 && isHtml(answer.headers['content-type']));
  if (!absent) {
    if (answer.status !== 200) {
      throw new PluginError(400, `Prometheus '${endpoint.name}' answered ${answer.status} for its /stratos document`);
    }
    try {
      return { covers: parseCoverageDocument(answer.json()), source: 'document' };
    } catch (error) {
      throw new PluginError(
        400,
        `The /stratos document of Prometheus '${endpoint.name}' is invalid: ${(error as Error).message}`,
      );
    }
  }
  const mapped = mappingFor(config, endpoint.apiEndpoint);
  return mapped ? { covers: mapped, source: 'config' } : { covers: [], source: 'none' };
}
