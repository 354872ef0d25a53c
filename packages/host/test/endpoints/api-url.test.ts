import { expect } from 'chai';
import { ApiUrlError, comparableApiUrl, describeUrl, hideUserInfo, normalizeApiUrl } from '../../src/endpoints/api-url.js';
import { endpointGuid } from '../../src/endpoints/endpoint-guid.js';
import { errorOf } from '../helpers/caught.js';

describe('normalizeApiUrl', () => {
  it('returns a URL already in normal form unchanged, so its guid stays the same', () => {
    for (const url of [
      'http://127.0.0.1:9090',
      'https://prometheus.example.com',
      'https://api.example.com:8443/v2/prom',
      'http://h/a?tenant=1',
      'http://[::1]:9090/x',
    ]) {
      expect(normalizeApiUrl(url), url).to.equal(url);
      expect(endpointGuid(normalizeApiUrl(url)), url).to.equal(endpointGuid(url));
    }
  });

  it('lower-cases scheme and host and drops the default port, trailing slashes, an empty query and the fragment', () => {
    const cases: Array<[string, string]> = [
      ['HTTP://127.0.0.1:9090', 'http://127.0.0.1:9090'],
      ['http://127.0.0.1:9090/?', 'http://127.0.0.1:9090'],
      ['http://127.0.0.1:9090#', 'http://127.0.0.1:9090'],
      ['http://127.0.0.1:9090//', 'http://127.0.0.1:9090'],
      ['HTTPS://Prom.Example.COM:443/Api/', 'https://prom.example.com/Api'],
      ['http://prom.example:80/api//?#frag', 'http://prom.example/api'],
      ['  http://h/a/?x=1  ', 'http://h/a?x=1'],
    ];
    for (const [given, expected] of cases) expect(normalizeApiUrl(given), given).to.equal(expected);
  });

  it('refuses a URL that is not http(s) with a host', () => {
    for (const url of ['ftp://h/x', 'not a url', 'http://', 'mailto:a@b']) {
      const error = errorOf(() => normalizeApiUrl(url));
      expect(error, url).to.be.instanceOf(ApiUrlError);
      expect((error as unknown as ApiUrlError).status).to.equal(400);
      expect(error.message, url).to.include('must be an http:// or https:// URL with a host');
    }
  });

  it('refuses a URL with a user name or password without repeating them', () => {
    for (const url of ['http://user:pw-9@h:9090/x', 'http://user@h', 'http://:pw-9@h', 'http:\\\\user:pw-9@h/x']) {
      const error = errorOf(() => normalizeApiUrl(url));
      expect(error, url).to.be.instanceOf(ApiUrlError);
      expect(error.message, url).to.include('must not contain a user name or password');
      expect(error.message, url).not.to.match(/pw-9|user[:@]/);
    }
  });
});

describe('comparableApiUrl', () => {
  it('normalises a stored URL however it was written, leaving user info out', () => {
    expect(comparableApiUrl('HTTP://127.0.0.1:9090/?')).to.equal('http://127.0.0.1:9090');
    expect(comparableApiUrl('http://u:p@127.0.0.1:9090/')).to.equal('http://127.0.0.1:9090');
    expect(comparableApiUrl('not a url')).to.equal(undefined);
  });
});

describe('describeUrl and hideUserInfo', () => {
  it('masks the user name and password of a URL and leaves other URLs alone', () => {
    expect(hideUserInfo('http://promuser:S3cret@127.0.0.1:9090/api')).to.equal('http://***@127.0.0.1:9090/api');
    expect(hideUserInfo('http://promuser@h')).to.equal('http://***@h');
    expect(hideUserInfo('http:user:S3cret@h/x')).to.equal('http:***@h/x');
    expect(hideUserInfo('http://h/a@b?c=d@e')).to.equal('http://h/a@b?c=d@e');
    expect(hideUserInfo('not a url')).to.equal('not a url');
  });

  it('cuts a URL longer than 200 characters with an ellipsis', () => {
    const long = `http://h/${'x'.repeat(500)}`;
    expect(describeUrl(long)).to.equal(`${long.slice(0, 200)}…`);
    expect(describeUrl('http://h/short')).to.equal('http://h/short');
  });
});
