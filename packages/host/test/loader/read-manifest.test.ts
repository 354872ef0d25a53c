import { expect } from 'chai';
import { readManifest } from '../../src/loader/read-manifest.js';
import { errorOf } from '../helpers/caught.js';

describe('readManifest', () => {
  it('returns the manifest when every field is valid', () => {
    const manifest = {
      id: 'notes',
      sdk: '^1.0.0',
      dependsOn: ['metrics'],
      configSchema: { type: 'object' },
    };
    expect(readManifest('@acme/notes', { name: '@acme/notes', stratosPlugin: manifest })).to.deep.equal(manifest);
  });

  it('returns the manifest when it has only sdk and a configSchema path', () => {
    const manifest = { sdk: '^1.0.0', configSchema: './schema.json' };
    expect(readManifest('p', { stratosPlugin: manifest })).to.deep.equal(manifest);
  });

  it('throws STRATOS_ERR_MANIFEST_MISSING naming the package and the fix when there is no stratosPlugin field', () => {
    const error = errorOf(() => readManifest('left-pad', { name: 'left-pad', version: '1.0.0' }));
    expect(error.code).to.equal('STRATOS_ERR_MANIFEST_MISSING');
    expect(error.message).to.include("Package 'left-pad' is not a Stratos plugin");
    expect(error.message).to.include('add "stratosPlugin": { "sdk": "^1.0.0" } or remove it from the config');
  });

  const invalid: Array<{ name: string; manifest: unknown; expected: string[] }> = [
    { name: 'sdk is missing', manifest: { id: 'x' }, expected: ['at /:', "missing required property 'sdk'"] },
    {
      name: 'an unknown key is present',
      manifest: { sdk: '^1.0.0', routes: [] },
      expected: ['at /:', "unknown property 'routes'"],
    },
    { name: 'sdk is a number', manifest: { sdk: 1 }, expected: ['at /sdk:', 'must be string', 'received number 1'] },
    {
      name: 'the id has capitals',
      manifest: { sdk: '^1.0.0', id: 'Notes' },
      expected: ['at /id:', 'must match pattern', "received 'Notes'"],
    },
    {
      name: 'dependsOn is a string',
      manifest: { sdk: '^1.0.0', dependsOn: 'metrics' },
      expected: ['at /dependsOn:', 'must be array', "received 'metrics'"],
    },
    {
      name: 'dependsOn repeats an id',
      manifest: { sdk: '^1.0.0', dependsOn: ['a', 'a'] },
      expected: ['at /dependsOn:', 'duplicate items'],
    },
    {
      name: 'configSchema is a number',
      manifest: { sdk: '^1.0.0', configSchema: 3 },
      expected: ['at /configSchema:', 'must be object or string', 'received number 3'],
    },
    { name: 'the manifest is not an object', manifest: true, expected: ['at /:', 'must be object', 'received boolean true'] },
  ];
  for (const c of invalid) {
    it(`throws STRATOS_ERR_MANIFEST_INVALID with the path and value when ${c.name}`, () => {
      const error = errorOf(() => readManifest('acme-plugin', { stratosPlugin: c.manifest }));
      expect(error.code).to.equal('STRATOS_ERR_MANIFEST_INVALID');
      expect(error.message).to.include(`Plugin package 'acme-plugin' has an invalid "stratosPlugin" manifest`);
      for (const part of c.expected) expect(error.message).to.include(part);
    });
  }
});
