import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import supertest from 'supertest';
import { createAuthTypes } from '../../src/endpoints/auth-types.js';
import { MAX_FAN_OUT_ENDPOINTS, proxyFanOut } from '../../src/endpoints/fan-out.js';
import type { ProxyEndpoint } from '../../src/endpoints/resolve-target.js';
import { ALICE, appWith, endpointDirectory, type DirectoryToken } from '../helpers/endpoint-directory.js';
import { closedPort, sendJson, startUpstream, type SeenRequest, type Upstream } from '../helpers/upstream.js';

/** Answers by path: JSON, text, a JSON error or a hang. */
function answerUpstream(req: IncomingMessage, res: ServerResponse, seen: SeenRequest): void {
  const path = new URL(req.url ?? '/', 'http://upstream').pathname;
  if (path.endsWith('/slow')) return;
  if (path.endsWith('/text')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return void res.end('plain text');
  }
  if (path.endsWith('/fail')) return sendJson(res, 500, { description: 'exploded' });
  if (path.endsWith('/raw')) {
    res.writeHead(202, { 'content-type': 'text/csv', 'x-upstream': 'kept', 'set-cookie': 'u=1' });
    return void res.end('a,b\n1,2\n');
  }
  sendJson(res, 200, { url: req.url, method: req.method, body: seen.body.toString(), auth: req.headers.authorization ?? null });
}

describe('proxyFanOut', () => {
  let good: Upstream;
  let other: Upstream;
  let downPort: number;
  let request: ReturnType<typeof supertest>;
  let deps: Parameters<typeof proxyFanOut>[0];

  before(async () => {
    [good, other, downPort] = await Promise.all([startUpstream(answerUpstream), startUpstream(answerUpstream), closedPort()]);
    const endpoint = (guid: string, apiEndpoint: string): ProxyEndpoint => ({
      guid,
      name: `${guid}-name`,
      apiEndpoint,
      skipSslValidation: false,
    });
    const token = (endpointGuid: string, authToken: string): DirectoryToken => ({
      endpointGuid,
      userGuid: ALICE.guid,
      token: { authType: 'Bearer', authToken },
    });
    deps = {
      endpoints: endpointDirectory(
        [
          endpoint('good', `${good.url}/api`),
          endpoint('other', other.url),
          endpoint('down', `http://127.0.0.1:${downPort}`),
          endpoint('stranger', good.url),
        ],
        [token('good', 'good-token'), token('other', 'other-token'), token('down', 'down-token')],
      ),
      authTypes: createAuthTypes(),
      timeoutMs: 5000,
    };
    request = supertest(appWith([proxyFanOut(deps)]).callback());
  });
  after(() => Promise.all([good.close(), other.close()]));

  it('answers each endpoint body under its guid when every endpoint answers', async () => {
    const { body } = await request
      .post('/pp/v1/proxy/v2/apps?page=2')
      .set('x-cap-cnsi-list', 'good, other')
      .set('Cookie', 'console-session=1')
      .send({ name: 'app' })
      .expect(200);
    expect(body).to.deep.equal({
      good: { url: '/api/v2/apps?page=2', method: 'POST', body: '{"name":"app"}', auth: 'Bearer good-token' },
      other: { url: '/v2/apps?page=2', method: 'POST', body: '{"name":"app"}', auth: 'Bearer other-token' },
    });
    for (const upstream of [good, other]) {
      expect(upstream.seen.at(-1)!.headers).not.to.have.any.keys('cookie', 'x-cap-cnsi-list');
    }
  });

  it('puts Jetstream-shaped errors beside good answers when some endpoints fail', async () => {
    const { body } = await request.get('/pp/v1/proxy/fail').set('x-cap-cnsi-list', 'good,down,stranger,nope').expect(200);
    expect(Object.keys(body)).to.deep.equal(['good', 'down', 'stranger', 'nope']);
    expect(body.good).to.deep.equal({
      error: { statusCode: 500, status: 'Internal Server Error' },
      errorResponse: { description: 'exploded' },
    });
    expect(body.down.error).to.deep.equal({ statusCode: 502, status: 'Bad Gateway' });
    expect(body.down.errorResponse).to.include(`Cannot reach '127.0.0.1:${downPort}' for endpoint 'down-name': ECONNREFUSED`);
    expect(body.stranger).to.deep.equal({
      error: { statusCode: 403, status: 'Forbidden' },
      errorResponse:
        "You are not connected to endpoint 'stranger-name'; connect first with POST /api/v1/tokens (cnsi_guid=stranger)",
    });
    expect(body.nope.error).to.deep.equal({ statusCode: 404, status: 'Not Found' });
  });

  it('answers text when an endpoint body is not JSON', async () => {
    const { body } = await request.get('/pp/v1/proxy/text').set('x-cap-cnsi-list', 'good').expect(200);
    expect(body).to.deep.equal({ good: 'plain text' });
  });

  it('answers a 504 entry when an endpoint does not answer in time', async () => {
    const quick = supertest(appWith([proxyFanOut({ ...deps, timeoutMs: 250 })]).callback());
    const { body } = await quick.get('/pp/v1/proxy/slow').set('x-cap-cnsi-list', 'good,other').expect(200);
    expect(body.good.error).to.deep.equal({ statusCode: 504, status: 'Gateway Timeout' });
    expect(body.other.errorResponse).to.include('within 250 ms');
  });

  it('answers the single endpoint raw when x-cap-passthrough is true', async () => {
    const answer = await request
      .get('/pp/v1/proxy/raw?x=1')
      .set('x-cap-cnsi-list', 'good')
      .set('x-cap-passthrough', 'true')
      .expect(202);
    expect(answer.headers).to.include({ 'content-type': 'text/csv', 'x-upstream': 'kept' });
    expect(answer.headers).not.to.have.property('set-cookie');
    expect(answer.text).to.equal('a,b\n1,2\n');
    expect(good.seen.at(-1)!.url).to.equal('/api/raw?x=1');
    expect(good.seen.at(-1)!.headers).not.to.have.any.keys('x-cap-passthrough', 'x-cap-cnsi-list');
  });

  it('answers a JSON error when the passthrough endpoint cannot be used', async () => {
    const { body } = await request
      .get('/pp/v1/proxy/raw')
      .set('x-cap-cnsi-list', 'stranger')
      .set('x-cap-passthrough', 'true')
      .expect(403);
    expect(body.status).to.equal('error');
    expect(body.error).to.include('connect first');
  });

  it('answers 400 when passthrough names more than one endpoint', async () => {
    const { body } = await request
      .get('/pp/v1/proxy/raw')
      .set('x-cap-cnsi-list', 'good,other')
      .set('x-cap-passthrough', 'true')
      .expect(400);
    expect(body.error).to.equal('x-cap-passthrough needs exactly one endpoint in x-cap-cnsi-list; received 2');
  });

  it('answers 400 when x-cap-cnsi-list is missing or empty', async () => {
    for (const list of [undefined, '', ' , ']) {
      const call = request.get('/pp/v1/proxy/x');
      const { body } = await (list === undefined ? call : call.set('x-cap-cnsi-list', list)).expect(400);
      expect(body.error, String(list)).to.include('Header x-cap-cnsi-list names no endpoint');
    }
  });

  it(`answers 400 when x-cap-cnsi-list names more than ${MAX_FAN_OUT_ENDPOINTS} endpoints`, async () => {
    const many = Array.from({ length: MAX_FAN_OUT_ENDPOINTS + 1 }, (_, i) => `guid-${i}`).join(',');
    const { body } = await request.get('/pp/v1/proxy/x').set('x-cap-cnsi-list', many).expect(400);
    expect(body.error).to.equal(
      `Header x-cap-cnsi-list names ${MAX_FAN_OUT_ENDPOINTS + 1} endpoints; at most ${MAX_FAN_OUT_ENDPOINTS} are allowed in one request`,
    );
    expect(good.seen.filter((seen) => seen.url === '/api/x')).to.deep.equal([]);
  });

  it('answers 413 when the request body is larger than the limit', async () => {
    const small = supertest(appWith([proxyFanOut({ ...deps, maxRequestBytes: 100 })]).callback());
    await small
      .post('/pp/v1/proxy/x')
      .set('x-cap-cnsi-list', 'good')
      .set('Content-Type', 'text/plain')
      .send('z'.repeat(101))
      .expect(413);
  });

  it('answers 400 and calls no endpoint when the path has dot segments, with or without passthrough', async () => {
    const before = [good.seen.length, other.seen.length];
    for (const path of ['/../../x', '/%2e%2e/%2E%2e/x', '/v2/..%2f..%2fx', '/v2/.']) {
      for (const passthrough of [false, true]) {
        let call = request.get(`/pp/v1/proxy${path}`).set('x-cap-cnsi-list', passthrough ? 'good' : 'good,other');
        if (passthrough) call = call.set('x-cap-passthrough', 'true');
        const { body } = await call.expect(400);
        expect(body.error, path).to.equal(
          `The path '${path}' has a '.' or '..' segment (plain or percent-encoded), which would leave the endpoint's API URL; send the path without them`,
        );
      }
    }
    expect([good.seen.length, other.seen.length]).to.deep.equal(before);
  });

  it('passes other paths on when the path is not the fan-out path', async () => {
    await request.get('/pp/v1/proxyish').set('x-cap-cnsi-list', 'good').expect(418);
  });
});
