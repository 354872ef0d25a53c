import { definePlugin } from '@stratos/plugin-sdk';
import { expect } from 'chai';
import { validatePlugin } from '../../src/loader/validate-plugin.js';
import { errorOf } from '../helpers/caught.js';

describe('validatePlugin', () => {
  it('returns the value when it was made by definePlugin', () => {
    const plugin = definePlugin({ init() {}, destroy() {} });
    expect(validatePlugin('p', plugin)).to.equal(plugin);
  });

  it('accepts a value branded by another copy of the SDK when it carries the same brand', () => {
    const plugin = { $$type: '@stratos/Plugin', version: 1, init() {} };
    expect(validatePlugin('p', plugin)).to.equal(plugin);
  });

  for (const [label, value, received] of [
    ['null', null, 'received null'],
    ['a string', 'plugin', "received 'plugin'"],
    ['a function', () => undefined, 'received a function'],
  ] as const) {
    it(`throws STRATOS_ERR_PLUGIN_INVALID_SHAPE when the export is ${label}`, () => {
      const error = errorOf(() => validatePlugin('acme', value));
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_SHAPE');
      expect(error.message).to.include("Plugin 'acme' does not export a valid plugin");
      expect(error.message).to.include('expected an object made by definePlugin()');
      expect(error.message).to.include(received);
      expect(error.message).to.include('wrap the default export in definePlugin()');
    });
  }

  it('throws STRATOS_ERR_PLUGIN_INVALID_SHAPE naming the brand when a plain object has init', () => {
    const error = errorOf(() => validatePlugin('acme', { init() {} }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_SHAPE');
    expect(error.message).to.include("expected the brand $$type '@stratos/Plugin' with version 1");
    expect(error.message).to.include("received an object with keys 'init'");
  });

  it('throws STRATOS_ERR_PLUGIN_INVALID_SHAPE when the brand has an unknown shape version', () => {
    const error = errorOf(() => validatePlugin('acme', { $$type: '@stratos/Plugin', version: 2, init() {} }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_SHAPE');
    expect(error.message).to.include('with version 1');
  });

  it('throws STRATOS_ERR_PLUGIN_INVALID_SHAPE when init is missing', () => {
    const error = errorOf(() => validatePlugin('acme', { $$type: '@stratos/Plugin', version: 1 }));
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_SHAPE');
    expect(error.message).to.include('expected init to be a function, received nothing');
  });

  for (const member of ['getMiddlewarePlugin', 'getEndpointPlugin', 'getRoutePlugin', 'onEndpointNotification', 'destroy']) {
    it(`throws STRATOS_ERR_PLUGIN_INVALID_SHAPE when ${member} is present but not a function`, () => {
      const error = errorOf(() => validatePlugin('acme', { $$type: '@stratos/Plugin', version: 1, init() {}, [member]: {} }));
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_SHAPE');
      expect(error.message).to.include(`expected ${member} to be a function when present, received an empty object`);
    });
  }
});
