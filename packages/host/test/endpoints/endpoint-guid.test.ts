import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { endpointGuid } from '../../src/endpoints/endpoint-guid.js';

describe('endpointGuid', () => {
  it('is the unpadded base64url SHA-1 of the URL string when given a URL', () => {
    const url = 'https://api.example.com';
    const expected = createHash('sha1').update(url).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(endpointGuid(url)).to.equal(expected);
    expect(endpointGuid(url)).to.match(/^[A-Za-z0-9_-]{27}$/);
  });

  it('gives the same guid for the same URL and another for another URL', () => {
    expect(endpointGuid('http://127.0.0.1:1')).to.equal(endpointGuid('http://127.0.0.1:1'));
    expect(endpointGuid('http://127.0.0.1:1')).not.to.equal(endpointGuid('http://127.0.0.1:2'));
  });
});
