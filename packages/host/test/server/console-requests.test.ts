import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import supertest from 'supertest';
import { HOST_VERSION } from '../../src/version.js';
import { startFixtureUpstream, type FixtureUpstream } from '../helpers/fixture-upstream.js';
import { ADMIN, createTestHost, FIXTURE_PLUGINS_DIR, type TestHost } from '../helpers/test-host.js';

/** One request recorded from the real Stratos console (`test/fixtures/compat/console-requests.json`). */
interface Recorded {
  phase: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  postData?: string;
}

// Kept in the repository, so a clone on its own replays exactly what the console sent.
const RECORDING = new URL('../fixtures/compat/console-requests.json', import.meta.url);
const RECORDED: Recorded[] = JSON.parse(readFileSync(RECORDING, 'utf8'));
const RECORDED_ENDPOINT = 'https://api.cf.example.com';
const RECORDED_GUID = 'ep-9eec39de363e';
const RECORDED_USER = 'u-admin-0001';
const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A deployment folder as npm would lay it out for the console's back end: the favourites plugin
 * of this workspace, the SDK, and the fixture endpoint type standing in for Cloud Foundry.
 */
function consoleDeployment(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-console-'));
  mkdirSync(path.join(dir, 'node_modules', '@stratos'), { recursive: true });
  for (const name of ['plugin-favorites', 'plugin-sdk']) {
    symlinkSync(path.join(PACKAGES, name), path.join(dir, 'node_modules', '@stratos', name), 'dir');
  }
  symlinkSync(
    path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'endpoint-fixture'),
    path.join(dir, 'node_modules', 'endpoint-fixture'),
    'dir',
  );
  return dir;
}

type Response = supertest.Response;

describe('createApp: requests recorded from the Stratos console', () => {
  let host: TestHost;
  let upstream: FixtureUpstream;
  // The console keeps one cookie jar across the whole recording, as the browser did.
  let agent: ReturnType<typeof supertest.agent>;
  let xsrf = '';
  let endpointGuid = '';
  let loggedIn = false;
  let connected = false;
  let deployment: string;
  let adminGuid = '';

  before(async () => {
    upstream = await startFixtureUpstream();
    deployment = consoleDeployment();
    host = await createTestHost(['endpoint-fixture', '@stratos/plugin-favorites'], { dir: deployment });
    adminGuid = (await host.store.findUserByName(ADMIN.username))!.guid;
    agent = supertest.agent(host.app.callback());
  });
  after(async () => {
    await host.cleanup();
    await upstream.close();
    rmSync(deployment, { recursive: true, force: true });
  });

  it('holds every phase of the console session when the recording is read', () => {
    expect(RECORDED).to.have.length(27);
    expect(new Set(RECORDED.map((r) => r.phase))).to.deep.equal(
      new Set(['start', 'login', 'endpoints', 'register', 'connect', 'logout']),
    );
  });

  /** The recorded request as this host can take it: no `cf` type exists here, so `fixture` stands in. */
  function adapt(recorded: Recorded): { path: string; headers: Record<string, string>; body?: string } {
    const headers = { ...recorded.headers };
    // The console echoes the token of its own session; this session has another one.
    if (headers['x-xsrf-token']) headers['x-xsrf-token'] = xsrf;
    if (headers['x-cap-cnsi-list'] === RECORDED_GUID) headers['x-cap-cnsi-list'] = endpointGuid;
    // The console asks for the profile of the user guid it read from verify; this host's admin has another.
    const path = recorded.path
      .replace('endpoint_type=cf', 'endpoint_type=fixture')
      .replace(`cnsi_guid=${RECORDED_GUID}`, `cnsi_guid=${endpointGuid}`)
      .replace(`/users/${RECORDED_USER}`, `/users/${adminGuid}`);
    let body = recorded.postData;
    // The recorded password 'admin' is shorter than the host allows (8+), so the test admin's is sent.
    if (body === 'username=admin&password=admin')
      body = `username=${ADMIN.username}&password=${encodeURIComponent(ADMIN.password)}`;
    // The multipart bodies keep their boundaries and layout byte for byte; only the URL is this run's upstream.
    if (body?.includes(RECORDED_ENDPOINT)) body = body.replace(RECORDED_ENDPOINT, upstream.url);
    return { path, headers, body };
  }

  async function replay(recorded: Recorded): Promise<Response> {
    const { path: target, headers, body } = adapt(recorded);
    const method = recorded.method.toLowerCase() as 'get' | 'post';
    const test = agent[method](target).set(headers);
    // A string with its content type already set is written as it is, so the recorded bytes go out unchanged.
    return body === undefined ? test : test.send(body);
  }

  function expectVerify(response: Response, recorded: Recorded): void {
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/json/);
    if (!loggedIn) {
      expect(response.body).to.deep.equal({ status: 'error', error: 'Not logged in', data: null });
      return;
    }
    expect(response.body.status).to.equal('ok');
    expect(response.body.error).to.equal('');
    expectInfo(response.body.data);
    expect(response.headers['x-xsrf-token']).to.equal(xsrf);
    expectExpiry(response, recorded);
  }

  /** The session expiry in the client's clock: its request date plus about the session timeout (20 min). */
  function expectExpiry(response: Response, recorded: Recorded): void {
    const expiresOn = Number(response.headers['x-cap-session-expires-on']);
    const sent = Number(recorded.headers['x-cap-request-date']);
    expect(expiresOn - sent).to.be.within(20 * 60 - 5, 20 * 60 + 5);
  }

  function expectInfo(info: Record<string, any>): void {
    expect(info.version).to.deep.equal({ proxy_version: HOST_VERSION, database_version: host.store.schemaVersion });
    expect(info.user).to.include({ name: ADMIN.username, admin: true });
    expect(info.user.guid).to.be.a('string');
    expect(info.user.scopes).to.be.an('array');
    expect(info.endpoints).to.have.property('fixture').that.is.an('object');
    expect(info.plugins).to.deep.equal({ 'endpoint-fixture': true, favorites: true });
    expect(info['plugin-config']).to.deep.equal({});
    expect(info.config).to.include({ enableTechPreview: false, listAllowLoadMaxed: false, homeViewShowFavoritesOnly: false });
    expect(info.config.listMaxSize).to.be.a('number');
    expect(info.config.APIKeysEnabled).to.be.a('string');
    expect(info.config.userEndpointsEnabled).to.be.a('string');
    expect(info.diagnostics).to.include({ deploymentType: 'node', databaseBackend: 'sqlite' });
    if (!endpointGuid) {
      expect(info.endpoints.fixture).to.deep.equal({});
      return;
    }
    const endpoint = info.endpoints.fixture[endpointGuid];
    expect(endpoint.name).to.equal('cf-from-ui');
    expect(endpoint.api_endpoint).to.include({ Scheme: 'http', Host: new URL(upstream.url).host });
    if (connected) expect(endpoint.user).to.deep.equal({ guid: 'cfadmin', name: 'cfadmin', admin: false });
    else expect(endpoint.user).to.equal(null);
  }

  // One test per recorded request, in the recorded order: each depends on the session the earlier ones built.
  RECORDED.forEach((recorded, index) => {
    it(`answers the console when request ${index + 1} is ${recorded.method} ${recorded.path} (${recorded.phase})`, async () => {
      const response = await replay(recorded);
      expect(response.status, JSON.stringify(response.body)).to.be.below(500);
      const route = recorded.path.split('?')[0];
      if (recorded.method === 'GET' && route === '/api/v1/auth/verify') return expectVerify(response, recorded);
      if (route === '/pp/v1/auth/login/uaa') {
        expect(response.status).to.equal(200);
        xsrf = response.headers['x-xsrf-token'] as string;
        expect(xsrf).to.match(/^\S{16,}$/);
        expectExpiry(response, recorded);
        expect(response.body).to.include({ account: ADMIN.username, admin: true });
        expect(response.body.token_expiry).to.be.a('number');
        loggedIn = true;
        return;
      }
      if (route === '/pp/v1/info') {
        expect(response.status).to.equal(200);
        return expectInfo(response.body);
      }
      if (route === '/pp/v1/favorites') {
        expect(response.status).to.equal(200);
        expect(response.body).to.deep.equal([]);
        return;
      }
      if (route.startsWith('/pp/v1/users/')) {
        expect(response.status).to.equal(200);
        expect(response.body).to.include({ id: adminGuid, userName: ADMIN.username });
        expect(response.body.groups).to.be.an('array');
        return;
      }
      if (route === '/api/v1/endpoints') {
        expect(response.status).to.equal(201);
        expect(response.body).to.include({
          name: 'cf-from-ui',
          cnsi_type: 'fixture',
          skip_ssl_validation: true,
          sub_type: 'fixture-sub',
        });
        expect(response.body.api_endpoint).to.equal(upstream.url);
        endpointGuid = response.body.guid;
        expect(endpointGuid).to.be.a('string').and.not.equal('');
        return;
      }
      if (route === '/api/v1/tokens') {
        expect(response.status).to.equal(200);
        expect(response.body).to.include({ account: 'cfadmin', admin: false, system_shared: false });
        connected = true;
        return;
      }
      if (route === '/pp/v1/proxy/v2/info') {
        // The fixture upstream has no /v2/info: the console reads the per-guid error.
        expect(response.status).to.equal(200);
        expect(response.body).to.have.keys([endpointGuid]);
        expect(response.body[endpointGuid].error.statusCode).to.equal(404);
        return;
      }
      if (route === '/pp/v1/auth/logout') {
        expect(response.status).to.equal(200);
        expect(response.body).to.deep.equal({ isSSO: false });
        loggedIn = false;
        return;
      }
      expect.fail(`request ${index + 1} (${recorded.method} ${recorded.path}) has no assertion`);
    });
  });

  describe('endpoint types this host lacks', () => {
    let admin: ReturnType<typeof supertest.agent>;
    let token = '';
    before(async () => {
      admin = supertest.agent(host.app.callback());
      const response = await admin.post('/pp/v1/auth/login/uaa').type('form').send(ADMIN).expect(200);
      token = response.headers['x-xsrf-token'] as string;
    });

    it("answers 400 naming 'cf' and that no plugin provides it when the console registers a cf endpoint", async () => {
      const register = RECORDED.find((r) => r.path.startsWith('/api/v1/endpoints'))!;
      const response = await admin
        .post(register.path)
        .set({ ...register.headers, 'x-xsrf-token': token })
        .send(register.postData!)
        .expect(400);
      expect(response.body.error).to.equal(
        "Unknown endpoint type 'cf': no active plugin provides it; available types: 'fixture'",
      );
    });

    for (const [route, type] of [
      ['/pp/v1/cf/apps', 'cf'],
      ['/pp/v1/kubernetes/releases', 'k8s'],
      ['/pp/v1/helm/charts', 'helm'],
      ['/pp/v1/monocular/charts', 'helm'],
    ]) {
      it(`answers 501 naming '${type}' when the console calls ${route}`, async () => {
        const response = await admin.get(route).expect(501).expect('Content-Type', /json/);
        expect(response.body.status).to.equal('error');
        expect(response.body.error).to.match(
          new RegExp(
            `^Endpoint type '${type}' \\(.+\\) is not supported by this host: no plugin provides it; available types: 'fixture'$`,
          ),
        );
      });
    }

    it('answers 404, not 501, when a /pp/v1 path belongs to no known feature', async () => {
      await admin.get('/pp/v1/nothing-here').expect(404);
    });

    it('answers a per-guid error when the fan-out names an endpoint that does not exist', async () => {
      const response = await admin.get('/pp/v1/proxy/v2/info').set('x-cap-cnsi-list', RECORDED_GUID).expect(200);
      expect(response.body).to.have.keys([RECORDED_GUID]);
      expect(response.body[RECORDED_GUID].error.statusCode).to.equal(404);
    });
  });
});
