import { expect } from 'chai';
import { forwardRequestHeaders, forwardResponseHeaders } from '../../src/endpoints/forwarded-headers.js';

describe('forwardRequestHeaders', () => {
  it('drops credentials, x-cap-*, Proxy-* and hop-by-hop headers when given a caller request', () => {
    const kept = forwardRequestHeaders({
      host: 'console.example',
      cookie: 'console-session=1',
      authorization: 'Basic x',
      'x-xsrf-token': 't',
      'x-cap-cnsi-list': 'a',
      'x-cap-anything': 'b',
      'proxy-authorization': 'Basic p',
      connection: 'keep-alive, X-Named',
      'x-named': 'hop',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      trailer: 'x-sum',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'content-type': 'application/json',
      'content-length': '12',
      'x-forwarded-for': '10.0.0.1',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(kept).to.deep.equal({
      'content-type': 'application/json',
      'content-length': '12',
      'x-forwarded-for': '10.0.0.1',
      'set-cookie': 'a=1, b=2',
    });
  });
});

describe('forwardResponseHeaders', () => {
  it('drops Set-Cookie, Proxy-* and hop-by-hop headers when given an endpoint answer', () => {
    const kept = forwardResponseHeaders({
      'set-cookie': ['s=1'],
      'proxy-authenticate': 'Basic',
      connection: 'x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      trailer: 'x-sum',
      upgrade: 'h2c',
      'content-type': 'text/plain',
      'content-length': '3',
      'www-authenticate': 'Bearer',
    });
    expect(kept).to.deep.equal({ 'content-type': 'text/plain', 'content-length': '3', 'www-authenticate': 'Bearer' });
  });
});
