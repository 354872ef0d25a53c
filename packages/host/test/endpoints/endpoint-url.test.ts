import { expect } from 'chai';
import type { EndpointRequestError } from '../../src/endpoints/endpoint-request-error.js';
import { endpointUrl } from '../../src/endpoints/endpoint-url.js';
import { errorOf } from '../helpers/caught.js';

describe('endpointUrl', () => {
  it('keeps the API URL path as a prefix when a path is appended', () => {
    expect(endpointUrl('https://h:8443/api/', '/v1/x').href).to.equal('https://h:8443/api/v1/x');
    expect(endpointUrl('https://h/api', 'v1/x').href).to.equal('https://h/api/v1/x');
    expect(endpointUrl('http://h', '').href).to.equal('http://h/');
  });

  it('keeps a raw query and merges it with the API URL query when both exist', () => {
    expect(endpointUrl('http://h/a?tenant=1', '/b', 'q=%7B%7D').href).to.equal('http://h/a/b?tenant=1&q=%7B%7D');
    expect(endpointUrl('http://h', '/b', { q: 'a b', n: '1' }).search).to.equal('?q=a+b&n=1');
  });

  it('fails with kind invalid-url when the API URL is not http(s)', () => {
    for (const url of ['ftp://h/x', 'not a url']) {
      const error = errorOf(() => endpointUrl(url)) as unknown as EndpointRequestError;
      expect(error.kind, url).to.equal('invalid-url');
    }
  });

  it('fails with kind invalid-path (400) when the path has a dot segment, plain, encoded or with backslashes', () => {
    for (const path of ['/..', '/a/../../b', '/%2e%2E/b', '/.%2e/b', '/a/./b', '/..%2fb', '/..\\b', '/..%5Cb']) {
      const error = errorOf(() => endpointUrl('http://h/gateway/prom', path)) as unknown as EndpointRequestError;
      expect(error.kind, path).to.equal('invalid-path');
      expect(error.status, path).to.equal(400);
    }
  });

  it('keeps segments that merely contain dots when the path is appended', () => {
    expect(endpointUrl('http://h/gateway', '/a..b/...x/.well-known/f.json').pathname).to.equal(
      '/gateway/a..b/...x/.well-known/f.json',
    );
  });
});
