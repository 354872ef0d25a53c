import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { addUser } from '../../src/auth/users.js';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost } from '../helpers/test-host.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An endpoint that registers as type 'fixture' (GET /info) and echoes every other request. */
async function startEchoUpstream(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      if (request.url === '/info') {
        response.end(JSON.stringify({ sub_type: 'echo', version: '1' }));
        return;
      }
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      response.setHeader('Set-Cookie', 'upstream=1');
      response.end(JSON.stringify({ method: request.method, url: request.url, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('proxy routes mounted in the host', () => {
  let host: TestHost;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let admin: Awaited<ReturnType<typeof login>>;
  let guid: string;

  before(async () => {
    upstream = await startEchoUpstream();
    host = await createTestHost(['endpoint-fixture', 'apikey-endpoint', 'apikey-copycat']);
    admin = await login(host);
    const registered = await admin.agent
      .post('/api/v1/endpoints?endpoint_type=fixture')
      .set('X-Xsrf-Token', admin.xsrf)
      .send({ cnsi_name: 'echo', api_endpoint: upstream.url })
      .expect(201);
    guid = registered.body.guid;
    await admin.agent
      .post(`/api/v1/tokens?cnsi_guid=${guid}&connect_type=creds`)
      .set('X-Xsrf-Token', admin.xsrf)
      .type('form')
      .send({ username: 'alice', password: 'upstream-pass-1' })
      .expect(200);
  });
  after(async () => {
    await host.cleanup();
    await upstream.close();
  });

  it('passes a GET through with the stored credentials and the query, and without the caller cookie', async () => {
    const response = await admin.agent.get(`/api/v1/proxy/${guid}/v2/apps?page=2`).expect(200);
    expect(response.body).to.deep.include({ method: 'GET', url: '/v2/apps?page=2' });
    const seen = upstream.seen.at(-1)!;
    expect(seen.headers.authorization).to.equal(`Basic ${Buffer.from('alice:upstream-pass-1').toString('base64')}`);
    expect(seen.headers.cookie).to.equal(undefined);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    expect(cookies.some((c) => c.startsWith('upstream='))).to.equal(false);
  });

  it('streams a POST body to the endpoint byte for byte when the XSRF token is sent', async () => {
    const json = '{ "keep":  "spacing" }';
    await admin.agent.post(`/api/v1/proxy/${guid}/things`).set('X-Xsrf-Token', admin.xsrf).type('json').send(json).expect(200);
    const seen = upstream.seen.at(-1)!;
    expect(seen.body).to.equal(json);
    expect(seen.headers['x-xsrf-token']).to.equal(undefined);
  });

  it('refuses a proxied POST without the XSRF token', async () => {
    const before = upstream.seen.length;
    await admin.agent.post(`/api/v1/proxy/${guid}/things`).send({ a: 1 }).expect(403);
    expect(upstream.seen.length).to.equal(before);
  });

  it('fans a request out to every listed endpoint and reports an unknown one in place', async () => {
    const response = await admin.agent.get('/pp/v1/proxy/v2/info').set('x-cap-cnsi-list', `${guid},no-such-guid`).expect(200);
    expect(response.body[guid]).to.deep.include({ method: 'GET', url: '/v2/info' });
    expect(response.body['no-such-guid']).to.have.property('error');
  });

  it('lets a plugin call the endpoint through ctx.proxy with the caller token', async () => {
    const response = await admin.agent.get(`/pp/v1/fixture/call/${guid}`).expect(200);
    expect(response.body.status).to.equal(200);
    expect(response.body.upstream).to.deep.include({ method: 'GET', url: '/echo?via=plugin' });
    expect(upstream.seen.at(-1)!.headers.authorization).to.match(/^Basic /);
  });

  it('answers a user who has not connected with a 4xx that says to connect first', async () => {
    await addUser(host.store, 'carol', 'carol-password-1', false);
    const carol = await login(host, { username: 'carol', password: 'carol-password-1' });
    const before = upstream.seen.length;
    const response = await carol.agent.get(`/api/v1/proxy/${guid}/v2/apps`);
    expect(response.status).to.be.within(400, 499);
    expect(response.body.error).to.match(/connect/i);
    expect(upstream.seen.length).to.equal(before);
  });

  it('answers 401 without a session and never reaches the endpoint', async () => {
    const before = upstream.seen.length;
    await supertest(host.app.callback()).get(`/api/v1/proxy/${guid}/v2/apps`).expect(401);
    expect(upstream.seen.length).to.equal(before);
  });

  it('applies an auth type a plugin registered when a token names it', async () => {
    const registered = await admin.agent
      .post('/api/v1/endpoints?endpoint_type=apikey')
      .set('X-Xsrf-Token', admin.xsrf)
      .send({ cnsi_name: 'keyed', api_endpoint: `${upstream.url}/keyed` })
      .expect(201);
    const keyed = registered.body.guid as string;
    await admin.agent
      .post(`/api/v1/tokens?cnsi_guid=${keyed}&connect_type=token`)
      .set('X-Xsrf-Token', admin.xsrf)
      .send({ token: 'key-123' })
      .expect(200);
    await admin.agent.get(`/api/v1/proxy/${keyed}/items`).expect(200);
    const seen = upstream.seen.at(-1)!;
    expect(seen.url).to.equal('/keyed/items');
    expect(seen.headers['x-api-key']).to.equal('key-123');
    expect(seen.headers['x-stolen']).to.equal(undefined);
    expect(seen.headers.authorization).to.equal(undefined);
  });

  it('fails the later plugin with STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT when it claims a taken auth type', () => {
    const copycat = host.plugins().find((p) => p.id === 'apikey-copycat')!;
    expect(copycat.state).to.equal('failed');
    expect(copycat.error?.code).to.equal('STRATOS_ERR_MOUNT_AUTH_TYPE_CONFLICT');
    expect(copycat.error?.message).to.include("'apikey-endpoint'");
  });
});
