import { expect } from 'chai';
import {
  connectEndpoint,
  startMetricsStack,
  type CoveredWorld,
  type MetricsStack,
  type Session,
} from './helpers/metrics-host.js';

describe('annotateCoveredEndpoints', () => {
  let stack: MetricsStack;
  let admin: Session;
  let bob: Session;
  let world: CoveredWorld;

  before(async () => {
    stack = await startMetricsStack({ connect: true });
    ({ admin, bob, world } = stack);
  });
  after(() => stack?.cleanup());

  /** `metadata` of every fixture endpoint in the caller's /pp/v1/info, by name. */
  async function fixtureMetadata(session: Session): Promise<Record<string, Record<string, unknown>>> {
    const { body } = await session.agent.get('/pp/v1/info').expect(200);
    const out: Record<string, Record<string, unknown>> = {};
    for (const detail of Object.values(body.endpoints.fixture) as Array<{ name: string; metadata: Record<string, unknown> }>) {
      out[detail.name] = detail.metadata;
    }
    return out;
  }

  it('tags every covered endpoint with the metrics guid, job and environment when the caller is connected', async () => {
    const metadata = await fixtureMetadata(admin);
    expect(metadata.cf).to.include({ metrics: world.prom, metrics_job: 'cf', metrics_environment: 'prod' });
    expect(metadata.k8s).to.include({ metrics: world.prom, metrics_job: 'k8s', metrics_environment: '' });
    expect(metadata.noscope).to.include({ metrics: world.prom, metrics_job: '', metrics_environment: '' });
  });

  it('leaves endpoints alone when no entry names their URL or the entry is for another type', async () => {
    const metadata = await fixtureMetadata(admin);
    expect(metadata.typed).to.not.have.property('metrics');
    expect(metadata.lonely).to.not.have.property('metrics');
    // The fixture plugin's own annotation is still there: metadata is added to, not replaced.
    expect(metadata.lonely).to.include({ fixture_seen: true });
  });

  it('tags nothing for a user who is not connected, until an admin shares a system token', async () => {
    expect(await fixtureMetadata(bob)).to.satisfy((all: Record<string, Record<string, unknown>>) =>
      Object.values(all).every((m) => m.metrics === undefined),
    );
    await connectEndpoint(admin, world.prom, 'none', {}, true).expect(200);
    try {
      expect((await fixtureMetadata(bob)).cf).to.include({ metrics: world.prom, metrics_job: 'cf' });
    } finally {
      await admin.agent.delete(`/api/v1/tokens/${world.prom}?system_shared=true`).set('X-Xsrf-Token', admin.xsrf).expect(200);
    }
  });
});
