import { expect } from 'chai';
import { createAuthTypes } from '../../src/endpoints/auth-types.js';
import { createEndpointProxy } from '../../src/endpoints/endpoint-proxy.js';
import type { EndpointRequestError } from '../../src/endpoints/endpoint-request-error.js';
import { createEndpointHttp } from '../../src/endpoints/http-client.js';
import { rejectionOf } from '../helpers/caught.js';
import { ALICE, endpointDirectory } from '../helpers/endpoint-directory.js';
import { sendJson, startUpstream, testCertificate, type Upstream } from '../helpers/upstream.js';

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise) as unknown as Promise<EndpointRequestError>;

describe('createEndpointProxy', () => {
  let secure: Upstream;
  let proxy: ReturnType<typeof createEndpointProxy>;

  before(async () => {
    const certificate = await testCertificate();
    secure = await startUpstream((req, res, seen) => sendJson(res, 200, { url: req.url, body: seen.body.toString() }), {
      tls: certificate,
    });
    const endpoints = endpointDirectory(
      [
        { guid: 'prom', name: 'prom', apiEndpoint: `${secure.url}/prefix`, skipSslValidation: false, caCert: certificate.cert },
        { guid: 'strict', name: 'strict', apiEndpoint: secure.url, skipSslValidation: false },
        { guid: 'lonely', name: 'lonely', apiEndpoint: secure.url, skipSslValidation: true },
      ],
      [
        { endpointGuid: 'prom', userGuid: ALICE.guid, token: { authType: 'Bearer', authToken: 'alice-token' } },
        { endpointGuid: 'strict', userGuid: ALICE.guid, token: { authType: 'none', authToken: '' } },
      ],
    );
    proxy = createEndpointProxy({ endpoints, authTypes: createAuthTypes() }, createEndpointHttp());
  });
  after(() => secure.close());

  it('calls the endpoint with the caller token and its CA certificate when the caller is connected', async () => {
    const answer = await proxy.call('prom', ALICE, {
      method: 'POST',
      path: '/api/v1/query',
      query: { query: 'up' },
      headers: { Authorization: 'Basic forged', 'X-Custom': 'kept' },
      body: 'payload',
    });
    expect(answer.status).to.equal(200);
    expect(answer.json()).to.deep.equal({ url: '/prefix/api/v1/query?query=up', body: 'payload' });
    const seen = secure.seen.at(-1)!;
    expect(seen.headers.authorization).to.equal('Bearer alice-token');
    expect(seen.headers['x-custom']).to.equal('kept');
  });

  it('fails with kind tls when the endpoint has neither a CA certificate nor skip-SSL', async () => {
    const error = await failureOf(proxy.call('strict', ALICE));
    expect(error.kind).to.equal('tls');
  });

  it('fails with kind not-connected when the caller has no token', async () => {
    const error = await failureOf(proxy.call('lonely', ALICE));
    expect(error.kind).to.equal('not-connected');
    expect(error.message).to.include("You are not connected to endpoint 'lonely'");
  });

  it('fails with kind unknown-endpoint when no endpoint has the guid', async () => {
    const error = await failureOf(proxy.call('nope', ALICE));
    expect(error.kind).to.equal('unknown-endpoint');
    expect(error.status).to.equal(404);
  });
});
