import { expect } from 'chai';
import { coversOf, entryFor, mappingFor, parseCoverageDocument, scopeOf } from '../src/coverage.js';

describe('parseCoverageDocument', () => {
  it('keeps url, type, job and environment when the entries are valid', () => {
    const entries = parseCoverageDocument([
      { type: 'cf', url: 'https://api.cf.example', job: 'cf', environment: 'prod', extra: 1 },
      { url: 'https://k8s.example', job: '' },
    ]);
    expect(entries).to.deep.equal([
      { type: 'cf', url: 'https://api.cf.example', job: 'cf', environment: 'prod' },
      { url: 'https://k8s.example' },
    ]);
  });

  it('names the entry at fault when the document is not a list of entries', () => {
    expect(() => parseCoverageDocument({ url: 'x' })).to.throw('expected a JSON array of {type?, url, job?, environment?}');
    expect(() => parseCoverageDocument([{ url: 'a' }, 'b'])).to.throw('entry 1 is not an object');
    expect(() => parseCoverageDocument([{ job: 'a' }])).to.throw("entry 0 has no 'url' string");
    expect(() => parseCoverageDocument([{ url: 'a', job: 3 }])).to.throw("entry 0 has a 'job' that is not a string");
  });
});

describe('mappingFor', () => {
  const config = { mappings: { 'http://prom.example:9090/': [{ url: 'https://api.cf.example', job: 'cf' }] } };

  it('returns a copy of the entries when the Prometheus URL matches a key as an endpoint URL', () => {
    const found = mappingFor(config, 'HTTP://Prom.example:9090');
    expect(found).to.deep.equal([{ url: 'https://api.cf.example', job: 'cf' }]);
    found![0]!.job = 'changed';
    expect(config.mappings['http://prom.example:9090/'][0]!.job).to.equal('cf');
  });

  it('returns undefined when no key names the Prometheus', () => {
    expect(mappingFor(config, 'http://prom.example:9091')).to.equal(undefined);
    expect(mappingFor({}, 'http://prom.example:9090')).to.equal(undefined);
  });
});

describe('entryFor', () => {
  const covers = [
    { type: 'kubernetes', url: 'https://api.example.com', job: 'k8s' },
    { url: 'https://api.example.com/', job: 'any' },
  ];

  it('picks the entry whose type and URL match when the entry names a type', () => {
    expect(entryFor(covers, { type: 'kubernetes', apiEndpoint: 'https://API.example.com:443' })?.job).to.equal('k8s');
  });

  it('falls back to an entry without type when the typed one is for another type', () => {
    expect(entryFor(covers, { type: 'cf', apiEndpoint: 'https://api.example.com' })?.job).to.equal('any');
  });

  it('returns undefined when no URL matches', () => {
    expect(entryFor(covers, { type: 'cf', apiEndpoint: 'https://other.example.com' })).to.equal(undefined);
  });
});

describe('scopeOf', () => {
  it('returns the job and environment matchers when the entry has them', () => {
    expect(scopeOf({ url: 'u', job: 'j', environment: 'e' })).to.deep.equal({ job: 'j', environment: 'e' });
    expect(scopeOf({ url: 'u', environment: 'e' })).to.deep.equal({ environment: 'e' });
  });

  it('returns undefined when the entry has neither', () => {
    expect(scopeOf({ url: 'u' })).to.equal(undefined);
  });
});

describe('coversOf', () => {
  it('reads metadata.covers when the token has a valid one', () => {
    expect(coversOf({ metadata: { covers: [{ url: 'https://a', job: 'j' }] } })).to.deep.equal([{ url: 'https://a', job: 'j' }]);
  });

  it('returns no entries when there is no token or its metadata is not coverage', () => {
    expect(coversOf(undefined)).to.deep.equal([]);
    expect(coversOf({ metadata: { covers: 'x' } })).to.deep.equal([]);
    expect(coversOf({ metadata: { covers: [{ nourl: 1 }] } })).to.deep.equal([]);
  });
});
