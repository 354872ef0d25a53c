import { expect } from 'chai';
import { normalizeEndpointUrl, sameEndpointUrl } from '../src/compare-urls.js';

describe('sameEndpointUrl', () => {
  const equal: Array<[string, string, string]> = [
    ['the default https port is written', 'https://api.example.com:443', 'https://api.example.com'],
    ['the default http port is written', 'http://api.example.com:80/v2', 'http://api.example.com/v2'],
    ['one has a trailing slash', 'https://api.example.com/v2/', 'https://api.example.com/v2'],
    ['the root path has a slash', 'https://api.example.com/', 'https://api.example.com'],
    ['the host differs in case', 'https://API.Example.COM/v2', 'https://api.example.com/v2'],
    ['the scheme differs in case', 'HTTPS://api.example.com', 'https://api.example.com'],
    ['only the query differs', 'https://api.example.com/v2?a=1', 'https://api.example.com/v2?b=2'],
    ['only the fragment differs', 'https://api.example.com/#x', 'https://api.example.com'],
    ['there is white space around', ' https://api.example.com ', 'https://api.example.com'],
    ['the IPv6 host is the same', 'http://[::1]:9090/', 'http://[::1]:9090'],
  ];
  for (const [when, a, b] of equal) {
    it(`is true when ${when}`, () => {
      expect(sameEndpointUrl(a, b)).to.equal(true);
      expect(sameEndpointUrl(b, a)).to.equal(true);
    });
  }

  const different: Array<[string, string, string]> = [
    ['the paths differ', 'https://api.example.com/v2', 'https://api.example.com/v3'],
    ['one has a path', 'https://api.example.com/v2', 'https://api.example.com'],
    ['the path differs in case', 'https://api.example.com/V2', 'https://api.example.com/v2'],
    ['the ports differ', 'https://api.example.com:8443', 'https://api.example.com'],
    ['http names port 443', 'http://api.example.com:443', 'https://api.example.com'],
    ['the schemes differ', 'http://api.example.com', 'https://api.example.com'],
    ['the hosts differ', 'https://a.example.com', 'https://b.example.com'],
    ['one is not a URL', 'api.example.com', 'https://api.example.com'],
    ['both are the same text but not URLs', 'not a url', 'not a url'],
  ];
  for (const [when, a, b] of different) {
    it(`is false when ${when}`, () => {
      expect(sameEndpointUrl(a, b)).to.equal(false);
      expect(sameEndpointUrl(b, a)).to.equal(false);
    });
  }
});

describe('normalizeEndpointUrl', () => {
  it('writes scheme, lower-case host, port and path without trailing slash when given a URL', () => {
    expect(normalizeEndpointUrl('HTTPS://Api.Example.com/v2/?x=1')).to.equal('https://api.example.com:443/v2');
    expect(normalizeEndpointUrl('http://10.0.0.1:9090')).to.equal('http://10.0.0.1:9090');
  });

  it('returns undefined when the text is not an absolute URL', () => {
    expect(normalizeEndpointUrl('/relative/path')).to.equal(undefined);
    expect(normalizeEndpointUrl('')).to.equal(undefined);
  });
});
