import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type supertest from 'supertest';
import { createTestHost, FIXTURE_PLUGINS_DIR, type TestHost } from '../../../host/test/helpers/test-host.js';
import { addUser } from '../../../host/src/auth/users.js';
import { login } from '../../../host/test/helpers/login.js';
import type { MetricsConfig } from '../../src/coverage.js';
import { startFakePrometheus, type FakePrometheus } from './fake-prometheus.js';

/** A second, non-admin user of the metrics test hosts. */
export const BOB = { username: 'bob', password: 'bob-password-1' };

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A real host with `@stratos/plugin-metrics` (this package, through a symlink as npm installs a
 * workspace) and the `endpoint-fixture` plugin, whose `fixture` endpoints play covered endpoints.
 */
export async function createMetricsHost(config: MetricsConfig = {}): Promise<TestHost> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-metrics-'));
  mkdirSync(path.join(dir, 'node_modules', '@stratos'), { recursive: true });
  symlinkSync(path.join(PACKAGES, 'plugin-metrics'), path.join(dir, 'node_modules', '@stratos', 'plugin-metrics'), 'dir');
  symlinkSync(path.join(PACKAGES, 'plugin-sdk'), path.join(dir, 'node_modules', '@stratos', 'plugin-sdk'), 'dir');
  symlinkSync(
    path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'endpoint-fixture'),
    path.join(dir, 'node_modules', 'endpoint-fixture'),
    'dir',
  );
  const host = await createTestHost([{ package: '@stratos/plugin-metrics', config: { ...config } }, 'endpoint-fixture'], {
    dir,
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const cleanup = host.cleanup.bind(host);
  return Object.assign(host, {
    async cleanup() {
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A logged-in supertest agent with its XSRF token, as `login()` returns it. */
export interface Session {
  agent: ReturnType<typeof supertest.agent>;
  xsrf: string;
}

/** Registers an endpoint as `admin` and returns its guid; fails the test on anything but 201. */
export async function registerEndpoint(admin: Session, type: string, name: string, url: string): Promise<string> {
  const { body } = await admin.agent
    .post(`/api/v1/endpoints?endpoint_type=${type}`)
    .set('X-Xsrf-Token', admin.xsrf)
    .send({ cnsi_name: name, api_endpoint: url })
    .expect(201);
  return body.guid as string;
}

/** Connects `session` to an endpoint with `connect_type` and form fields; returns the answer. */
export function connectEndpoint(
  session: Session,
  guid: string,
  connectType: string,
  fields: Record<string, string> = {},
  systemShared = false,
) {
  return session.agent
    .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=${connectType}&system_shared=${systemShared}`)
    .set('X-Xsrf-Token', session.xsrf)
    .type('form')
    .send(fields);
}

/** Guids of a metrics endpoint and the `fixture` endpoints its `/stratos` document covers. */
export interface CoveredWorld {
  prom: string;
  /** Covered with job `cf` and environment `prod`, entry typed `fixture`. */
  cf: string;
  /** Covered with job `k8s` only, entry without type. */
  k8s: string;
  /** Covered by an entry with neither job nor environment. */
  noscope: string;
  /** Named by an entry whose type is `other`, so not covered. */
  typed: string;
  /** Not named at all. */
  lonely: string;
}

/**
 * Registers, on one fake server, a metrics endpoint `prom` (at `/~prom`) whose `/stratos`
 * document covers some `fixture` endpoints registered at other `/~name` prefixes.
 */
export async function registerCoveredWorld(
  admin: Session,
  prometheus: { url: string; options: { stratos?: unknown } },
): Promise<CoveredWorld> {
  const at = (name: string) => `${prometheus.url}/~${name}`;
  prometheus.options.stratos = [
    { type: 'fixture', url: `${at('cf')}/`, job: 'cf', environment: 'prod' },
    { url: `${at('k8s').replace('http:', 'HTTP:')}?ignored=1`, job: 'k8s' },
    { url: at('noscope') },
    { type: 'other', url: at('typed'), job: 'typed' },
  ];
  const world: Record<string, string> = {};
  world.prom = await registerEndpoint(admin, 'metrics', 'prom', at('prom'));
  for (const name of ['cf', 'k8s', 'noscope', 'typed', 'lonely'])
    world[name] = await registerEndpoint(admin, 'fixture', name, at(name));
  return world as unknown as CoveredWorld;
}

/** A host with the covered world registered, a fake Prometheus, and two logged-in users. */
export interface MetricsStack {
  host: TestHost;
  prometheus: FakePrometheus;
  admin: Session;
  bob: Session;
  world: CoveredWorld;
  cleanup(): Promise<void>;
}

/** Starts a {@link MetricsStack}; with `connect`, the admin is connected to the Prometheus with no credentials. */
export async function startMetricsStack(options: { connect?: boolean } = {}): Promise<MetricsStack> {
  const prometheus = await startFakePrometheus();
  const host = await createMetricsHost();
  await addUser(host.store, BOB.username, BOB.password, false);
  const admin = await login(host);
  const bob = await login(host, BOB);
  const world = await registerCoveredWorld(admin, prometheus);
  if (options.connect) await connectEndpoint(admin, world.prom, 'none').expect(200);
  return {
    host,
    prometheus,
    admin,
    bob,
    world,
    async cleanup() {
      await host.cleanup();
      await prometheus.close();
    },
  };
}
