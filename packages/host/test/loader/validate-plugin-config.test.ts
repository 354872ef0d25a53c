import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigSchema, validatePluginConfig } from '../../src/loader/validate-plugin-config.js';
import { FIXTURE_PLUGINS_DIR } from '../helpers/test-host.js';
import { rejectionOf } from '../helpers/caught.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    greeting: { type: 'string', default: 'hello' },
    limits: {
      type: 'object',
      default: {},
      properties: { max: { type: 'integer', minimum: 1, default: 10 } },
    },
  },
};

describe('validatePluginConfig', () => {
  it('fills defaults, nested ones too, when the config leaves them out', async () => {
    expect(await validatePluginConfig('p', schema, {})).to.deep.equal({ greeting: 'hello', limits: { max: 10 } });
  });

  it('keeps given values and leaves the entry untouched when it is valid', async () => {
    const entry = { greeting: 'hi' };
    expect(await validatePluginConfig('p', schema, entry)).to.deep.equal({ greeting: 'hi', limits: { max: 10 } });
    expect(entry).to.deep.equal({ greeting: 'hi' });
  });

  it('returns a copy of the entry when the plugin has no schema', async () => {
    const entry = { anything: [1, 2] };
    const result = await validatePluginConfig('p', undefined, entry);
    expect(result).to.deep.equal(entry);
    expect(result).not.to.equal(entry);
  });

  it('throws STRATOS_ERR_PLUGIN_INVALID_CONFIG with the JSON path when a nested value is invalid', async () => {
    const error = await rejectionOf(validatePluginConfig('notes', schema, { limits: { max: 0 } }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
    expect(error.message).to.include("Plugin 'notes' has invalid config at /limits/max: must be >= 1; received number 0");
    expect(error.message).to.include('fix its "config" entry in the config file');
  });

  it('throws STRATOS_ERR_PLUGIN_INVALID_CONFIG naming an unknown key when the schema forbids it', async () => {
    const error = await rejectionOf(validatePluginConfig('notes', schema, { greting: 'hi' }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
    expect(error.message).to.include("at /: unknown property 'greting'");
  });

  it('names every problem in one message when the entry has several', async () => {
    const error = await rejectionOf(validatePluginConfig('notes', schema, { greting: 'hi', limits: { max: 0 } }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
    expect(error.message).to.include("Plugin 'notes' has invalid config, 2 problems: (1) at ");
    expect(error.message).to.include("unknown property 'greting'");
    expect(error.message).to.include('at /limits/max: must be >= 1; received number 0');
    expect(error.message).to.include('fix its "config" entry in the config file');
  });

  it('throws STRATOS_ERR_PLUGIN_CONFIG_SCHEMA when the schema itself does not compile', async () => {
    const error = await rejectionOf(validatePluginConfig('notes', { type: 'no-such-type' }, {}));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA');
    expect(error.message).to.include("Plugin 'notes' ships a configSchema that cannot be used");
    expect(error.message).to.include("report it to the plugin's author");
  });
});

describe('loadConfigSchema', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-schema-'));
    writeFileSync(path.join(dir, 'broken.json'), '{ "type": ');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the schema as given when it is inline or absent', async () => {
    expect(await loadConfigSchema('p', schema, dir)).to.equal(schema);
    expect(await loadConfigSchema('p', undefined, dir)).to.equal(undefined);
  });

  it("reads a schema file relative to the plugin's folder when the manifest names a path", async () => {
    const pluginDir = path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'config-schema-file');
    const loaded = await loadConfigSchema('config-schema-file', './config.schema.json', pluginDir);
    expect(loaded).to.have.nested.property('properties.color.default', 'green');
  });

  it('throws STRATOS_ERR_PLUGIN_CONFIG_SCHEMA when the path leaves the package', async () => {
    const error = await rejectionOf(loadConfigSchema('p', '../elsewhere/schema.json', dir));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA');
    expect(error.message).to.include("'../elsewhere/schema.json' points outside the package");
  });

  it('throws STRATOS_ERR_PLUGIN_CONFIG_SCHEMA when the file is missing or not JSON', async () => {
    for (const file of ['missing.json', 'broken.json']) {
      const error = await rejectionOf(loadConfigSchema('p', file, dir));
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_CONFIG_SCHEMA');
      expect(error.message).to.include("Plugin 'p' ships a configSchema that cannot be used");
    }
  });
});
