import { expect } from 'chai';
import { login } from '../../host/test/helpers/login.js';
import type { TestHost } from '../../host/test/helpers/test-host.js';
import { startFakePrometheus, type FakePrometheus } from './helpers/fake-prometheus.js';
import { connectEndpoint, createMetricsHost, registerEndpoint, type Session } from './helpers/metrics-host.js';

const BASIC = `Basic ${Buffer.from('prom:pw').toString('base64')}`;
const MAPPED = [{ type: 'fixture', url: 'https://api.mapped.example', job: 'mapped' }];

describe('connectPrometheus', () => {
  let host: TestHost;
  let prometheus: FakePrometheus;
  let admin: Session;
  let guid: string;

  before(async () => {
    prometheus = await startFakePrometheus();
    host = await createMetricsHost({ mappings: { [`${prometheus.url}/~p/`]: MAPPED } });
    admin = await login(host);
    guid = await registerEndpoint(admin, 'metrics', 'prom', `${prometheus.url}/~p`);
  });
  after(async () => {
    await host?.cleanup();
    await prometheus?.close();
  });
  beforeEach(() => {
    Object.assign(prometheus.options, { requireAuthorization: undefined, stratos: undefined, stratosStatus: undefined });
  });

  /** The metadata of the caller's token, as /pp/v1/info shows it. */
  async function tokenMetadata(): Promise<unknown> {
    const { body } = await admin.agent.get('/pp/v1/info').expect(200);
    return body.endpoints.metrics[guid].endpoint_metadata;
  }

  it("connects with connect_type 'none' and takes the coverage from the config when there is no /stratos", async () => {
    const { body } = await connectEndpoint(admin, guid, 'none').expect(200);
    expect(body.api_endpoint).to.equal(`${prometheus.url}/~p`);
    expect(await tokenMetadata()).to.deep.equal({ covers: MAPPED });
    expect(prometheus.requestsTo('/stratos').at(-1)?.prefix).to.equal('p');
  });

  it("connects with HTTP Basic when connect_type is 'creds' and the password is right", async () => {
    prometheus.options.requireAuthorization = BASIC;
    const { body } = await connectEndpoint(admin, guid, 'creds', { username: 'prom', password: 'pw' }).expect(200);
    expect(body.account).to.equal('prom');
    expect(prometheus.requestsTo('/stratos').at(-1)?.authorization).to.equal(BASIC);
  });

  it("answers 401 with the Prometheus' name when the password is wrong", async () => {
    prometheus.options.requireAuthorization = BASIC;
    const { body } = await connectEndpoint(admin, guid, 'creds', { username: 'prom', password: 'nope' }).expect(401);
    expect(body.error).to.equal("Could not connect to endpoint 'prom': Prometheus 'prom' rejected the credentials");
  });

  it("answers 401 when connect_type is 'none' and the Prometheus needs credentials", async () => {
    prometheus.options.requireAuthorization = BASIC;
    await connectEndpoint(admin, guid, 'none').expect(401);
  });

  it("connects with a Bearer token when connect_type is 'token'", async () => {
    prometheus.options.requireAuthorization = 'Bearer t0k3n';
    await connectEndpoint(admin, guid, 'token', { token: 't0k3n' }).expect(200);
    expect(prometheus.requestsTo('/api/v1/status/buildinfo').at(-1)?.authorization).to.equal('Bearer t0k3n');
  });

  it('refuses with 400 when a field is missing or the connect type is unknown', async () => {
    const creds = await connectEndpoint(admin, guid, 'creds', { username: 'prom' }).expect(400);
    expect(creds.body.error).to.equal(
      "Could not connect to endpoint 'prom': Connecting to Prometheus 'prom' with connect_type 'creds' needs a username and a password",
    );
    await connectEndpoint(admin, guid, 'token').expect(400);
    const other = await connectEndpoint(admin, guid, 'oauth').expect(400);
    expect(other.body.error).to.equal(
      "Could not connect to endpoint 'prom': connect_type 'oauth' is not supported by Prometheus endpoints; use one of 'none', 'creds', 'token'",
    );
  });

  it('takes the coverage from the /stratos document over the config when the Prometheus serves one', async () => {
    prometheus.options.stratos = [{ url: 'https://api.cf.example', job: 'cf', environment: 'prod', ignored: true }];
    await connectEndpoint(admin, guid, 'none').expect(200);
    expect(await tokenMetadata()).to.deep.equal({ covers: [{ url: 'https://api.cf.example', job: 'cf', environment: 'prod' }] });
  });

  it('refuses with 400 when the /stratos document is invalid or fails', async () => {
    prometheus.options.stratos = { not: 'a list' };
    const invalid = await connectEndpoint(admin, guid, 'none').expect(400);
    expect(invalid.body.error).to.equal(
      "Could not connect to endpoint 'prom': The /stratos document of Prometheus 'prom' is invalid: expected a JSON array of {type?, url, job?, environment?}",
    );
    prometheus.options.stratosStatus = 500;
    const failed = await connectEndpoint(admin, guid, 'none').expect(400);
    expect(failed.body.error).to.equal(
      "Could not connect to endpoint 'prom': Prometheus 'prom' answered 500 for its /stratos document",
    );
  });
});
