import { expect } from 'chai';
import { orderPlugins } from '../../src/loader/order-plugins.js';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('orderPlugins', () => {
  it('keeps the configuration order when no plugin depends on another', () => {
    const { order, failures } = orderPlugins([node('c'), node('a'), node('b')]);
    expect(order).to.deep.equal(['c', 'a', 'b']);
    expect(failures.size).to.equal(0);
  });

  it('puts each dependency before its dependents when they are listed the other way round', () => {
    const { order, failures } = orderPlugins([node('top', 'middle'), node('middle', 'base'), node('other'), node('base')]);
    expect(order).to.deep.equal(['base', 'middle', 'top', 'other']);
    expect(failures.size).to.equal(0);
  });

  it('starts a shared dependency once when several plugins depend on it', () => {
    const { order } = orderPlugins([node('x', 'base'), node('y', 'base'), node('base')]);
    expect(order).to.deep.equal(['base', 'x', 'y']);
  });

  it('fails every member with STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE naming the cycle when dependencies loop', () => {
    const { order, failures } = orderPlugins([node('a', 'b'), node('b', 'c'), node('c', 'a'), node('free')]);
    expect(order).to.deep.equal(['free']);
    for (const id of ['a', 'b', 'c']) {
      const error = failures.get(id)!;
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE');
      expect(error.message).to.include(`Plugin '${id}' is part of a dependsOn cycle 'a' -> 'b' -> 'c' -> 'a'`);
      expect(error.message).to.include('remove one of these dependencies');
    }
  });

  it('reports a cycle of one when a plugin depends on itself', () => {
    const { order, failures } = orderPlugins([node('self', 'self')]);
    expect(order).to.deep.equal([]);
    expect(failures.get('self')?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE');
    expect(failures.get('self')?.message).to.include("'self' -> 'self'");
  });

  it('fails a dependent of a cycle with STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED when it is outside the cycle', () => {
    const { order, failures } = orderPlugins([node('a', 'b'), node('b', 'a'), node('outside', 'a')]);
    expect(order).to.deep.equal([]);
    const error = failures.get('outside')!;
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
    expect(error.message).to.include("Plugin 'outside' was not started because plugin 'a'");
    expect(error.message).to.include('dependsOn cycle');
  });

  it('fails a plugin with STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING when its dependency is not configured', () => {
    const { order, failures } = orderPlugins([node('lonely', 'ghost'), node('fine')]);
    expect(order).to.deep.equal(['fine']);
    const error = failures.get('lonely')!;
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');
    expect(error.message).to.include("Plugin 'lonely' depends on plugin 'ghost'");
    expect(error.message).to.include("add and enable 'ghost' in the config");
  });

  it('fails a plugin with STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED and the reason when its dependency failed earlier', () => {
    const { order, failures } = orderPlugins([node('child', 'base')], new Map([['base', 'base exploded']]));
    expect(order).to.deep.equal([]);
    const error = failures.get('child')!;
    expect(error.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
    expect(error.message).to.include("plugin 'base' it depends on failed");
    expect(error.message).to.include("fix 'base' first");
    expect(error.message).to.include('caused by base exploded');
  });

  it('propagates a failure along a chain of dependents when the root dependency is missing', () => {
    const { order, failures } = orderPlugins([node('c', 'b'), node('b', 'a'), node('a', 'ghost')]);
    expect(order).to.deep.equal([]);
    expect(failures.get('a')?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');
    expect(failures.get('b')?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
    expect(failures.get('b')?.message).to.include("plugin 'a' it depends on failed");
    expect(failures.get('c')?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
    expect(failures.get('c')?.message).to.include("plugin 'b' it depends on failed");
  });
});
