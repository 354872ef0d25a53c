import { expect } from 'chai';
import { definePlugin, isStratosPlugin } from '../src/define-plugin.js';
import { PLUGIN_BRAND } from '../src/types/plugin.js';

describe('definePlugin', () => {
  const init = () => undefined;
  const getRoutePlugin = () => ({ addSessionGroupRoutes() {} });
  const destroy = () => undefined;

  it('returns the spec members with the brand and version 1 when given a spec', () => {
    const plugin = definePlugin({ init, getRoutePlugin, destroy });
    expect(plugin).to.deep.equal({ init, getRoutePlugin, destroy, $$type: '@stratos/Plugin', version: 1 });
    expect(plugin.$$type).to.equal(PLUGIN_BRAND);
    expect(plugin.init).to.equal(init);
  });

  it('returns a frozen value when given a spec', () => {
    const plugin = definePlugin({ init });
    expect(Object.isFrozen(plugin)).to.equal(true);
    expect(Reflect.set(plugin, 'init', null)).to.equal(false);
    expect(plugin.init).to.equal(init);
  });

  it('leaves the spec object unchanged when it is branded', () => {
    const spec = { init };
    definePlugin(spec);
    expect(spec).to.deep.equal({ init });
    expect(Object.isFrozen(spec)).to.equal(false);
  });
});

describe('isStratosPlugin', () => {
  it('returns true when given a definePlugin value', () => {
    expect(isStratosPlugin(definePlugin({ init() {} }))).to.equal(true);
  });

  it('returns true when the brand was added by another copy of the SDK', () => {
    const fromOtherCopy = { $$type: '@stratos/Plugin', version: 1, init() {} };
    expect(isStratosPlugin(fromOtherCopy)).to.equal(true);
  });

  it('returns false when given null, a string or an unbranded object', () => {
    expect(isStratosPlugin(null)).to.equal(false);
    expect(isStratosPlugin(undefined)).to.equal(false);
    expect(isStratosPlugin('@stratos/Plugin')).to.equal(false);
    expect(isStratosPlugin({ init() {} })).to.equal(false);
    expect(isStratosPlugin({ $$type: '@acme/Plugin', version: 1, init() {} })).to.equal(false);
  });

  it('returns false when the brand has another version', () => {
    expect(isStratosPlugin({ $$type: '@stratos/Plugin', version: 2, init() {} })).to.equal(false);
    expect(isStratosPlugin({ $$type: '@stratos/Plugin', version: '1', init() {} })).to.equal(false);
    expect(isStratosPlugin({ $$type: '@stratos/Plugin', init() {} })).to.equal(false);
  });
});
