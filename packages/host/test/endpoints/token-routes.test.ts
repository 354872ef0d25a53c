import Database from 'better-sqlite3';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addUser } from '../../src/auth/users.js';
import { SQLITE_FILE } from '../../src/store/sqlite-store.js';
import { SYSTEM_SHARED_USER } from '../../src/store/store.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';
import { startFixtureUpstream, type FixtureUpstream } from '../helpers/fixture-upstream.js';

const BOB = { username: 'bob', password: 'bob-password-1' };
const PASSWORD = 'upstream-pass-Zq81';
const BASIC_TOKEN = Buffer.from(`alice:${PASSWORD}`).toString('base64');
const BEARER = 'bearer-token-Xy77';
const CLIENT_SECRET = 'client-secret-Kp55';

describe('addTokenRoutes', () => {
  let host: TestHost;
  let upstream: FixtureUpstream;
  let admin: Awaited<ReturnType<typeof login>>;
  let bob: Awaited<ReturnType<typeof login>>;
  let guid: string;
  const bodies: string[] = [];

  before(async () => {
    upstream = await startFixtureUpstream();
    host = await createTestHost(['endpoint-fixture']);
    await addUser(host.store, BOB.username, BOB.password, false);
    admin = await login(host);
    bob = await login(host, BOB);
    const { body, text } = await admin.agent
      .post('/api/v1/endpoints?endpoint_type=fixture')
      .set('X-Xsrf-Token', admin.xsrf)
      .type('form')
      .send({ cnsi_name: 'up', api_endpoint: upstream.url, cnsi_client_id: 'cid', cnsi_client_secret: CLIENT_SECRET })
      .expect(201);
    bodies.push(text);
    guid = body.guid;
  });
  after(async () => {
    await host.cleanup();
    await upstream.close();
  });
  beforeEach(async () => {
    for (const user of ['admin', 'bob']) await host.store.deleteToken(guid, (await host.store.findUserByName(user))!.guid);
    await host.store.deleteToken(guid, SYSTEM_SHARED_USER);
  });

  type Session = typeof admin;
  const connect = async (as: Session, query: string, fields: Record<string, string>, status: number) => {
    const response = await as.agent
      .post(`/api/v1/tokens?${query}`)
      .set('X-Xsrf-Token', as.xsrf)
      .type('form')
      .send(fields)
      .expect(status);
    bodies.push(response.text);
    return response.body;
  };
  const access = async (as: Session) => {
    const response = await as.agent.get(`/pp/v1/fixture/access/${guid}`).expect(200);
    bodies.push(response.text);
    return response.body;
  };

  it('connects the caller with credentials and answers the account without the token', async () => {
    const body = await connect(
      bob,
      `cnsi_guid=${guid}&connect_type=creds&system_shared=false`,
      { username: 'alice', password: PASSWORD },
      200,
    );
    expect(body).to.deep.equal({
      account: 'alice',
      token_expiry: 4102444800,
      api_endpoint: upstream.url,
      admin: false,
      user: { guid: 'alice', name: 'alice', admin: false },
      system_shared: false,
    });
    expect((await access(bob)).token).to.deep.equal({ authType: 'HttpBasic', account: 'alice' });
    expect((await access(admin)).token).to.equal(null);
  });

  it('connects with a token when connect_type is token, with the fields in a JSON body', async () => {
    const response = await bob.agent
      .post('/api/v1/tokens')
      .set('X-Xsrf-Token', bob.xsrf)
      .send({ cnsi_guid: guid, connect_type: 'token', token: BEARER })
      .expect(200);
    bodies.push(response.text);
    expect(response.body.account).to.equal('token-user');
    const stored = await host.store.getToken(guid, (await host.store.findUserByName('bob'))!.guid);
    expect(stored).to.deep.include({ authType: 'Bearer', authToken: BEARER, refreshToken: `refresh-${BEARER}` });
  });

  it('removes the token and answers 401 with the message when validate rejects it', async () => {
    const body = await connect(bob, `cnsi_guid=${guid}&connect_type=creds`, { username: 'alice', password: 'bad' }, 401);
    expect(body.error).to.equal("The credentials for endpoint 'up' were not accepted: 'up' rejected the password");
    expect(await host.store.getToken(guid, (await host.store.findUserByName('bob'))!.guid)).to.equal(undefined);
  });

  it('answers 400 with the plugin message when connect refuses the form', async () => {
    const body = await connect(bob, `cnsi_guid=${guid}&connect_type=sso`, {}, 400);
    expect(body.error).to.equal(
      "Could not connect to endpoint 'up': connect_type 'sso' is not supported; use 'creds' or 'token'",
    );
  });

  it('answers 404 for an unknown endpoint and 400 without cnsi_guid or connect_type', async () => {
    expect((await connect(bob, 'cnsi_guid=nope&connect_type=creds', {}, 404)).error).to.equal("No endpoint with guid 'nope'");
    expect((await connect(bob, 'connect_type=creds', {}, 400)).error).to.include("Field 'cnsi_guid' is required");
    expect((await connect(bob, `cnsi_guid=${guid}`, {}, 400)).error).to.include("Field 'connect_type' is required");
  });

  it('answers 400 naming the field when cnsi_guid is a list rather than missing', async () => {
    const response = await bob.agent
      .post('/api/v1/tokens')
      .set('X-Xsrf-Token', bob.xsrf)
      .send({ cnsi_guid: [guid], connect_type: 'creds', username: 'alice', password: PASSWORD })
      .expect(400);
    bodies.push(response.text);
    expect(response.body.error).to.equal("Field 'cnsi_guid' must be a single string value");
    expect((await connect(bob, `cnsi_guid=${guid}&cnsi_guid=${guid}&connect_type=creds`, {}, 400)).error).to.equal(
      "Field 'cnsi_guid' must be a single string value",
    );
  });

  it('answers 403 when a non-admin asks for a system-shared token', async () => {
    const body = await connect(
      bob,
      `cnsi_guid=${guid}&connect_type=creds&system_shared=true`,
      { username: 'alice', password: PASSWORD },
      403,
    );
    expect(body.error).to.equal('Only administrators may connect a system-shared token');
    expect(await host.store.getToken(guid, SYSTEM_SHARED_USER)).to.equal(undefined);
  });

  it('serves every user with a system-shared token an admin connected, until their own one', async () => {
    await connect(
      admin,
      `cnsi_guid=${guid}&connect_type=creds&system_shared=true`,
      { username: 'root', password: PASSWORD },
      200,
    );
    expect((await access(bob)).token).to.deep.equal({ authType: 'HttpBasic', account: 'root' });
    await connect(bob, `cnsi_guid=${guid}&connect_type=token`, { token: BEARER }, 200);
    expect((await access(bob)).token).to.deep.equal({ authType: 'Bearer', account: 'token-user' });
    expect((await access(admin)).token).to.deep.equal({ authType: 'HttpBasic', account: 'root' });
  });

  it('disconnects the caller only, and lets only an admin remove the system-shared token', async () => {
    await connect(
      admin,
      `cnsi_guid=${guid}&connect_type=creds&system_shared=true`,
      { username: 'root', password: PASSWORD },
      200,
    );
    await connect(bob, `cnsi_guid=${guid}&connect_type=token`, { token: BEARER }, 200);
    await bob.agent.delete(`/api/v1/tokens/${guid}`).set('X-Xsrf-Token', bob.xsrf).expect(200);
    expect((await access(bob)).token?.account).to.equal('root');
    const denied = await bob.agent.delete(`/api/v1/tokens/${guid}?system_shared=true`).set('X-Xsrf-Token', bob.xsrf).expect(403);
    expect(denied.body.error).to.equal('Only administrators may remove a system-shared token');
    await admin.agent.delete(`/api/v1/tokens/${guid}?system_shared=true`).set('X-Xsrf-Token', admin.xsrf).expect(200);
    expect((await access(bob)).token).to.equal(null);
    const again = await bob.agent.delete(`/api/v1/tokens/${guid}`).set('X-Xsrf-Token', bob.xsrf).expect(404);
    expect(again.body.error).to.equal("You are not connected for endpoint 'up'");
    await bob.agent.delete('/api/v1/tokens/nope').set('X-Xsrf-Token', bob.xsrf).expect(404);
  });

  describe('secrets', () => {
    const secrets = [PASSWORD, BASIC_TOKEN, BEARER, `refresh-${BEARER}`, CLIENT_SECRET];

    // Each time: the outer beforeEach disconnects everyone.
    beforeEach(async () => {
      await connect(bob, `cnsi_guid=${guid}&connect_type=creds`, { username: 'alice', password: PASSWORD }, 200);
      await connect(admin, `cnsi_guid=${guid}&connect_type=token&system_shared=true`, { token: BEARER }, 200);
      const info = await bob.agent.get('/pp/v1/info').expect(200);
      const list = await bob.agent.get('/api/v1/endpoints').expect(200);
      bodies.push(info.text, list.text);
    });

    it('never appear in a response body when tokens and client secrets are stored', () => {
      expect(bodies.length).to.be.greaterThan(10);
      for (const body of bodies) for (const secret of secrets) expect(body).not.to.include(secret);
    });

    it('never appear in a log record when endpoints were registered and connected', () => {
      const logged = JSON.stringify(host.logs);
      expect(host.logs.some((r) => r.message.includes('connected to endpoint'))).to.equal(true);
      for (const secret of secrets) expect(logged).not.to.include(secret);
    });

    it('are unreadable in the SQLite file and its rows without the key', async () => {
      await host.destroy();
      const file = path.join(host.dataDir, SQLITE_FILE);
      const raw = readFileSync(file);
      const db = new Database(file, { readonly: true });
      try {
        const rows = JSON.stringify([db.prepare('SELECT * FROM tokens').all(), db.prepare('SELECT * FROM endpoints').all()]);
        expect(rows).to.include('HttpBasic');
        for (const secret of secrets) {
          expect(raw.includes(Buffer.from(secret)), secret).to.equal(false);
          expect(rows, secret).not.to.include(secret);
        }
        const token = db.prepare('SELECT auth_token FROM tokens WHERE auth_type = ?').get('Bearer') as { auth_token: string };
        expect(token.auth_token).to.match(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      } finally {
        db.close();
      }
    });
  });
});
