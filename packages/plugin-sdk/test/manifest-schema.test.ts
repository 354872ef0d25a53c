import { Ajv } from 'ajv';
import { expect } from 'chai';
import { MANIFEST_FIELD, MANIFEST_SCHEMA } from '../src/manifest-schema.js';

describe('MANIFEST_SCHEMA', () => {
  const warnings: unknown[] = [];
  // Strict mode, so an unknown keyword or a typo in the schema is a compile error or a warning.
  const validate = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    logger: { log() {}, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) },
  }).compile(MANIFEST_SCHEMA);
  const failures = (manifest: unknown) => {
    expect(validate(manifest), 'manifest should be rejected').to.equal(false);
    return (validate.errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword, params: e.params }));
  };

  it('compiles without warnings when ajv runs in strict mode', () => {
    expect(warnings).to.deep.equal([]);
  });

  it('names the package.json field stratosPlugin', () => {
    expect(MANIFEST_FIELD).to.equal('stratosPlugin');
  });

  it('accepts a manifest when only sdk is given', () => {
    expect(validate({ sdk: '^1.0.0' }), JSON.stringify(validate.errors)).to.equal(true);
  });

  it('accepts a manifest when every field is given', () => {
    const manifest = {
      id: '@acme/notes',
      sdk: '^1.0.0',
      dependsOn: ['metrics'],
      configSchema: { type: 'object', properties: { greeting: { type: 'string' } } },
    };
    expect(validate(manifest), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ sdk: '^1.0.0', configSchema: './config.schema.json' })).to.equal(true);
  });

  it('rejects a manifest when sdk is missing', () => {
    expect(failures({ id: 'notes' })).to.deep.include({ path: '', keyword: 'required', params: { missingProperty: 'sdk' } });
  });

  it('rejects a manifest when it has an unknown key', () => {
    expect(failures({ sdk: '^1.0.0', dependencies: [] })).to.deep.include({
      path: '',
      keyword: 'additionalProperties',
      params: { additionalProperty: 'dependencies' },
    });
  });

  it('rejects a manifest when dependsOn repeats an id', () => {
    const errors = failures({ sdk: '^1.0.0', dependsOn: ['metrics', 'metrics'] });
    expect(errors.map((e) => [e.path, e.keyword])).to.deep.include(['/dependsOn', 'uniqueItems']);
  });

  it('rejects a manifest when the id or sdk has the wrong form', () => {
    expect(failures({ sdk: '^1.0.0', id: 'Notes Plugin' }).map((e) => e.keyword)).to.include('pattern');
    expect(failures({ sdk: '' }).map((e) => e.keyword)).to.include('minLength');
    expect(failures({ sdk: 1 }).map((e) => e.keyword)).to.include('type');
    expect(failures({ sdk: '^1.0.0', configSchema: 3 }).map((e) => e.path)).to.include('/configSchema');
  });

  it('rejects a manifest when it is not an object', () => {
    expect(failures('^1.0.0').map((e) => e.keyword)).to.include('type');
    expect(failures(null).map((e) => e.keyword)).to.include('type');
  });
});
