import { expect } from 'chai';
import { addUser } from '../../src/auth/users.js';
import { endpointGuid } from '../../src/endpoints/endpoint-guid.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';
import {
  closedPortUrl,
  startFixtureUpstream,
  startSecureFixtureUpstream,
  type FixtureUpstream,
} from '../helpers/fixture-upstream.js';

const BOB = { username: 'bob', password: 'bob-password-1' };
const SECRET = 'client-secret-value-42';

type Notification = { action: string; guid: string; name?: string; keys?: string[] };
const fixtures = globalThis as unknown as {
  __endpointFixtureNotifications?: Notification[];
  __endpointListenerNotifications?: Notification[];
};

describe('addEndpointRoutes', () => {
  let host: TestHost;
  let plain: FixtureUpstream;
  let secure: FixtureUpstream;
  let admin: Awaited<ReturnType<typeof login>>;

  before(async () => {
    [plain, secure] = await Promise.all([startFixtureUpstream(), startSecureFixtureUpstream()]);
    host = await createTestHost(['endpoint-fixture', 'endpoint-listener']);
    await addUser(host.store, BOB.username, BOB.password, false);
    admin = await login(host);
  });
  after(async () => {
    await host.cleanup();
    await Promise.all([plain.close(), secure.close()]);
  });
  beforeEach(async () => {
    // Truncated, not replaced: the fixtures hold on to the arrays they found at import.
    (fixtures.__endpointFixtureNotifications ??= []).length = 0;
    (fixtures.__endpointListenerNotifications ??= []).length = 0;
    for (const endpoint of await host.store.listEndpoints()) await host.store.deleteEndpoint(endpoint.guid);
  });

  const register = (fields: Record<string, string>, query = '?endpoint_type=fixture') =>
    admin.agent.post(`/api/v1/endpoints${query}`).set('X-Xsrf-Token', admin.xsrf).type('form').send(fields);

  describe('POST /api/v1/endpoints', () => {
    it('registers with the probed details and answers 201 without the secret when the upstream answers', async () => {
      const { body } = await register({
        cnsi_name: 'one',
        api_endpoint: `${plain.url}/`,
        cnsi_client_id: 'cid',
        cnsi_client_secret: SECRET,
      }).expect(201);
      expect(body).to.deep.include({
        guid: endpointGuid(plain.url),
        name: 'one',
        cnsi_type: 'fixture',
        sub_type: 'fixture-sub',
        api_endpoint: plain.url,
        authorization_endpoint: 'https://login.example.test',
        skip_ssl_validation: false,
        client_id: 'cid',
        metadata: { version: '9.9' },
        type_available: true,
      });
      expect(body.creator).to.be.a('string').and.not.have.lengthOf(0);
      expect(body).not.to.have.property('client_secret');
      expect(JSON.stringify(body)).not.to.include(SECRET);
      expect((await host.store.getEndpoint(body.guid))?.clientSecret).to.equal(SECRET);
    });

    it('reads every field from a JSON body too when endpoint_type is not in the query', async () => {
      const { body } = await admin.agent
        .post('/api/v1/endpoints')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ endpoint_type: 'fixture', cnsi_name: 'json', api_endpoint: plain.url, sub_type: 'given' })
        .expect(201);
      expect(body.sub_type).to.equal('given');
    });

    it('answers 400 naming the available types when the type is unknown', async () => {
      const { body } = await register({ cnsi_name: 'x', api_endpoint: plain.url }, '?endpoint_type=nope').expect(400);
      expect(body.error).to.equal("Unknown endpoint type 'nope': no active plugin provides it; available types: 'fixture'");
    });

    it('answers 400 when the URL is missing or not http(s)', async () => {
      expect((await register({ cnsi_name: 'x' }).expect(400)).body.error).to.include("Field 'api_endpoint' is required");
      for (const url of ['ftp://127.0.0.1/x', 'not a url', 'http://']) {
        const { body } = await register({ cnsi_name: 'x', api_endpoint: url }).expect(400);
        expect(body.error, url).to.include('must be an http:// or https:// URL');
      }
    });

    it('answers 409 when the URL or the name is already registered', async () => {
      await register({ cnsi_name: 'first', api_endpoint: plain.url }).expect(201);
      const sameUrl = await register({ cnsi_name: 'second', api_endpoint: `${plain.url}/` }).expect(409);
      expect(sameUrl.body.error).to.equal(`Endpoint '${plain.url}' is already registered as 'first'`);
      const sameName = await register({ cnsi_name: 'first', api_endpoint: secure.url, skip_ssl_validation: 'true' }).expect(409);
      expect(sameName.body.error).to.equal("An endpoint named 'first' already exists; choose another name");
    });

    it('answers 400 saying once why when nothing listens on the port', async () => {
      const url = await closedPortUrl();
      const { body } = await register({ cnsi_name: 'down', api_endpoint: url }).expect(400);
      expect(body.error).to.equal(
        `Cannot reach '${url}': ECONNREFUSED (connection refused); check the URL and that the endpoint is running`,
      );
      expect(await host.store.listEndpoints()).to.deep.equal([]);
    });

    it('shows a very long URL once, cut to 200 characters, when it cannot be reached', async () => {
      const url = `${await closedPortUrl()}/${'p'.repeat(300_000)}`;
      const { body } = await admin.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'long', api_endpoint: url })
        .expect(400);
      expect(body.error).to.equal(
        `Cannot reach '${url.slice(0, 200)}…': ECONNREFUSED (connection refused); check the URL and that the endpoint is running`,
      );
    });

    it('answers 400 without echoing the password when the URL carries credentials', async () => {
      const withPassword = plain.url.replace('http://', 'http://promuser:S3cretUrlPw@');
      const withUser = plain.url.replace('http://', 'http://promuser@');
      for (const url of [withPassword, withUser, `${withPassword}/api`]) {
        const { body } = await register({ cnsi_name: 'creds', api_endpoint: url }).expect(400);
        expect(body.error, url).to.equal(
          `Field 'api_endpoint' must not contain a user name or password ('${url.replace(/promuser(:S3cretUrlPw)?/, '***')}'); ` +
            'register the URL without them and give the credentials when connecting (POST /api/v1/tokens), ' +
            'or as cnsi_client_id and cnsi_client_secret',
        );
      }
      const invalid = await register({ cnsi_name: 'creds', api_endpoint: 'ftp://promuser:S3cretUrlPw@127.0.0.1/x' }).expect(400);
      expect(invalid.body.error).to.include("'ftp://***@127.0.0.1/x'").and.not.include('S3cretUrlPw');
      expect(await host.store.listEndpoints()).to.deep.equal([]);
    });

    it('answers 400 naming the field when a field is not a single string value', async () => {
      const list = await admin.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: ['a', 'b'], api_endpoint: plain.url })
        .expect(400);
      expect(list.body.error).to.equal("Field 'cnsi_name' must be a single string value");
      const object = await admin.agent
        .post('/api/v1/endpoints')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ endpoint_type: 'fixture', cnsi_name: 'x', api_endpoint: { url: plain.url } })
        .expect(400);
      expect(object.body.error).to.equal("Field 'api_endpoint' must be a single string value");
      const repeated = await register(
        { cnsi_name: 'x', api_endpoint: plain.url },
        '?endpoint_type=fixture&endpoint_type=b',
      ).expect(400);
      expect(repeated.body.error).to.equal("Field 'endpoint_type' must be a single string value");
      expect(await host.store.listEndpoints()).to.deep.equal([]);
    });

    it('stores the URL normalised and answers 409 for its other spellings', async () => {
      const port = new URL(plain.url).port;
      const { body } = await register({ cnsi_name: 'first', api_endpoint: `HTTP://127.0.0.1:${port}/?#` }).expect(201);
      expect(body.api_endpoint).to.equal(plain.url);
      expect(body.guid).to.equal(endpointGuid(plain.url));
      for (const spelling of [plain.url, `HTTP://127.0.0.1:${port}`, `${plain.url}/?`, `${plain.url}#`, `${plain.url}//`]) {
        const again = await register({ cnsi_name: 'second', api_endpoint: spelling }).expect(409);
        expect(again.body.error, spelling).to.equal(`Endpoint '${plain.url}' is already registered as 'first'`);
      }
    });

    it('answers 409 when a URL stored before normalisation is the same endpoint', async () => {
      const port = new URL(plain.url).port;
      const legacy = `HTTP://127.0.0.1:${port}/?`;
      await host.store.insertEndpoint({
        guid: endpointGuid(legacy),
        name: 'legacy',
        type: 'fixture',
        apiEndpoint: legacy,
        skipSslValidation: false,
        metadata: {},
      });
      const { body } = await register({ cnsi_name: 'new', api_endpoint: plain.url }).expect(409);
      expect(body.error).to.equal(`Endpoint '${plain.url}' is already registered as 'legacy'`);
    });

    it('answers 400 with the plugin message when the host is not an endpoint of the type', async () => {
      const { body } = await register({ cnsi_name: 'wrong', api_endpoint: `${plain.url}/elsewhere` }).expect(400);
      expect(body.error).to.equal(
        `Endpoint type 'fixture' could not register '${plain.url}/elsewhere': '${plain.url}/elsewhere/info' answered 404; is this a fixture server?`,
      );
    });

    it('answers 400 telling how to fix it when the TLS certificate cannot be verified', async () => {
      const { body } = await register({ cnsi_name: 'tls', api_endpoint: secure.url }).expect(400);
      expect(body.error).to.include(`The TLS certificate of '${secure.url}' could not be verified`);
      expect(body.error).to.include("provide the endpoint's CA certificate in ca_cert, or set skip_ssl_validation to true");
    });

    it('registers an HTTPS endpoint when its CA certificate is given', async () => {
      const { body } = await register({ cnsi_name: 'tls-ca', api_endpoint: secure.url, ca_cert: secure.cert! }).expect(201);
      expect(body.ca_cert).to.equal(secure.cert!.trim());
      expect(body.skip_ssl_validation).to.equal(false);
    });

    it('registers an HTTPS endpoint when skip_ssl_validation is true', async () => {
      const { body } = await register({ cnsi_name: 'tls-skip', api_endpoint: secure.url, skip_ssl_validation: 'true' }).expect(
        201,
      );
      expect(body.skip_ssl_validation).to.equal(true);
    });

    it('answers 400 when skip_ssl_validation is neither true nor false', async () => {
      const { body } = await register({ cnsi_name: 'x', api_endpoint: plain.url, skip_ssl_validation: 'maybe' }).expect(400);
      expect(body.error).to.equal("Field 'skip_ssl_validation' must be 'true' or 'false'");
    });

    it('answers 403 when the caller is not an administrator', async () => {
      const bob = await login(host, BOB);
      await bob.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', bob.xsrf)
        .type('form')
        .send({ cnsi_name: 'x', api_endpoint: plain.url })
        .expect(403);
    });

    it('tells every active plugin without the client secret when an endpoint is registered', async () => {
      const { body } = await register({ cnsi_name: 'told', api_endpoint: plain.url, cnsi_client_secret: SECRET }).expect(201);
      expect(fixtures.__endpointFixtureNotifications!.map((n) => [n.action, n.guid])).to.deep.equal([['register', body.guid]]);
      expect(fixtures.__endpointListenerNotifications).to.deep.equal([{ action: 'register', guid: body.guid }]);
      expect(fixtures.__endpointFixtureNotifications![0]!.keys).not.to.include.members(['clientSecret', 'clientId']);
    });
  });

  describe('GET /api/v1/endpoints', () => {
    it('lists every endpoint without secrets when any user asks', async () => {
      await register({ cnsi_name: 'listed', api_endpoint: plain.url, cnsi_client_secret: SECRET }).expect(201);
      const bob = await login(host, BOB);
      const { body, text } = await bob.agent.get('/api/v1/endpoints').expect(200);
      expect(body.map((e: { name: string }) => e.name)).to.deep.equal(['listed']);
      expect(text).not.to.include(SECRET);
      expect(body[0]).not.to.have.property('client_secret');
    });
  });

  describe('GET /api/v1/endpoints with a URL stored with credentials', () => {
    it('hides the user name and password of the URL from every user', async () => {
      const url = plain.url.replace('http://', 'http://promuser:S3cretUrlPw@');
      await host.store.insertEndpoint({
        guid: endpointGuid(url),
        name: 'legacy-creds',
        type: 'fixture',
        apiEndpoint: url,
        skipSslValidation: false,
        metadata: {},
      });
      const bob = await login(host, BOB);
      const { body, text } = await bob.agent.get('/api/v1/endpoints').expect(200);
      expect(body[0].api_endpoint).to.equal(plain.url.replace('http://', 'http://***@'));
      expect(text).not.to.include('S3cretUrlPw');
      expect(text).not.to.include('promuser');
    });
  });

  describe('POST /api/v1/endpoints/:guid', () => {
    it('answers 400 and changes nothing when a field is an array or an object', async () => {
      const { body: created } = await register({ cnsi_name: 'kept', api_endpoint: plain.url }).expect(201);
      for (const name of [['a', 'b'], { x: 1 }]) {
        const { body } = await admin.agent
          .post(`/api/v1/endpoints/${created.guid}`)
          .set('X-Xsrf-Token', admin.xsrf)
          .send({ name })
          .expect(400);
        expect(body.error).to.equal("Field 'name' must be a single string value");
      }
      expect((await host.store.getEndpoint(created.guid))?.name).to.equal('kept');
      // A JSON number is still read as its text.
      const { body } = await admin.agent
        .post(`/api/v1/endpoints/${created.guid}`)
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ name: 42 })
        .expect(200);
      expect(body.name).to.equal('42');
    });

    it('updates the name, TLS settings and client credentials and tells the plugins', async () => {
      const { body: created } = await register({ cnsi_name: 'before', api_endpoint: plain.url }).expect(201);
      const { body } = await admin.agent
        .post(`/api/v1/endpoints/${created.guid}`)
        .set('X-Xsrf-Token', admin.xsrf)
        .type('form')
        .send({ name: 'after', skip_ssl_validation: 'true', ca_cert: 'PEM', cnsi_client_id: 'id2', cnsi_client_secret: SECRET })
        .expect(200);
      expect(body).to.deep.include({
        guid: created.guid,
        name: 'after',
        skip_ssl_validation: true,
        ca_cert: 'PEM',
        client_id: 'id2',
      });
      expect(JSON.stringify(body)).not.to.include(SECRET);
      expect((await host.store.getEndpoint(created.guid))?.clientSecret).to.equal(SECRET);
      expect(fixtures.__endpointListenerNotifications!.map((n) => n.action)).to.deep.equal(['register', 'update']);
    });

    it('answers 404 for an unknown guid and 409 for a name in use', async () => {
      await register({ cnsi_name: 'a', api_endpoint: plain.url }).expect(201);
      const { body: b } = await register({ cnsi_name: 'b', api_endpoint: secure.url, skip_ssl_validation: 'true' }).expect(201);
      await admin.agent.post('/api/v1/endpoints/nope').set('X-Xsrf-Token', admin.xsrf).send({ name: 'z' }).expect(404);
      const { body } = await admin.agent
        .post(`/api/v1/endpoints/${b.guid}`)
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ name: 'a' })
        .expect(409);
      expect(body.error).to.equal("An endpoint named 'a' already exists; choose another name");
    });
  });

  describe('DELETE /api/v1/endpoints/:guid', () => {
    it('removes the endpoint with its tokens and tells the plugins', async () => {
      const { body: created } = await register({ cnsi_name: 'gone', api_endpoint: plain.url }).expect(201);
      await admin.agent
        .post(`/api/v1/tokens?cnsi_guid=${created.guid}&connect_type=creds`)
        .set('X-Xsrf-Token', admin.xsrf)
        .type('form')
        .send({ username: 'u', password: 'p' })
        .expect(200);
      await admin.agent.delete(`/api/v1/endpoints/${created.guid}`).set('X-Xsrf-Token', admin.xsrf).expect(200);
      expect(await host.store.getEndpoint(created.guid)).to.equal(undefined);
      expect(await host.store.findToken(created.guid, (await host.store.findUserByName('admin'))!.guid)).to.equal(undefined);
      expect(fixtures.__endpointListenerNotifications!.map((n) => n.action)).to.deep.equal(['register', 'unregister']);
      await admin.agent.delete(`/api/v1/endpoints/${created.guid}`).set('X-Xsrf-Token', admin.xsrf).expect(404);
    });
  });
});

describe('addEndpointRoutes with plugins that come and go', () => {
  let plain: FixtureUpstream;
  before(async () => {
    plain = await startFixtureUpstream();
  });
  after(() => plain.close());

  it('logs a plugin whose notification throws, with its id, and still registers', async () => {
    (fixtures.__endpointListenerNotifications ??= []).length = 0;
    const host = await createTestHost([
      { package: 'endpoint-fixture', config: { failNotifications: true } },
      'endpoint-listener',
    ]);
    try {
      const admin = await login(host);
      await admin.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'loud', api_endpoint: plain.url })
        .expect(201);
      const logged = host.logs.find((r) => r.fields?.plugin === 'endpoint-fixture' && r.level === 'error');
      expect(logged?.message).to.equal(
        "plugin 'endpoint-fixture' failed in onEndpointNotification('register'); the change stands",
      );
      expect(logged?.fields?.error).to.equal("notification 'register' refused on purpose");
      expect(fixtures.__endpointListenerNotifications).to.have.length(1);
    } finally {
      await host.cleanup();
    }
  });

  it('keeps the endpoints of a disabled plugin and lists them as unavailable', async () => {
    const host = await createTestHost(['endpoint-fixture']);
    const { dataDir } = host;
    let guid: string;
    try {
      const admin = await login(host);
      guid = (
        await admin.agent
          .post('/api/v1/endpoints?endpoint_type=fixture')
          .set('X-Xsrf-Token', admin.xsrf)
          .send({ cnsi_name: 'kept', api_endpoint: plain.url })
          .expect(201)
      ).body.guid;
    } finally {
      await host.destroy();
    }
    const again = await createTestHost([{ package: 'endpoint-fixture', enabled: false }], { dataDir });
    try {
      const admin = await login(again);
      const { body } = await admin.agent.get('/api/v1/endpoints').expect(200);
      expect(body).to.have.length(1);
      expect(body[0]).to.deep.include({ guid, name: 'kept', cnsi_type: 'fixture', type_available: false });
      const connect = await admin.agent
        .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=creds`)
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ username: 'u', password: 'p' })
        .expect(400);
      expect(connect.body.error).to.equal(
        "Endpoint 'kept' has type 'fixture', which no active plugin provides; enable the plugin that provides it",
      );
      const register = await admin.agent
        .post('/api/v1/endpoints?endpoint_type=fixture')
        .set('X-Xsrf-Token', admin.xsrf)
        .send({ cnsi_name: 'new', api_endpoint: `${plain.url}/other` })
        .expect(400);
      expect(register.body.error).to.equal(
        "Unknown endpoint type 'fixture': no active plugin provides it; available types: none (no active plugin provides an endpoint type)",
      );
    } finally {
      await again.cleanup();
    }
  });
});
