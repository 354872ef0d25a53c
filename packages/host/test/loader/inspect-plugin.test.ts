import path from 'node:path';
import { expect } from 'chai';
import { inspectPlugin } from '../../src/loader/inspect-plugin.js';
import { findHostSdk } from '../../src/loader/load-plugins.js';
import { FIXTURE_PLUGINS_DIR } from '../helpers/test-host.js';

describe('inspectPlugin', () => {
  const hostSdk = findHostSdk();
  const options = (depth: 'package' | 'entry' | 'config') => ({ fromDir: FIXTURE_PLUGINS_DIR, hostSdk, depth });

  it('reports what the package tells and no error when every check passes', async () => {
    const found = await inspectPlugin('good', { greeting: 'hi' }, options('config'));
    expect(found).to.deep.include({
      package: 'good',
      id: 'good',
      installed: true,
      version: '1.2.3',
      sdk: '^1.0.0',
      sdkSatisfied: true,
      dependsOn: [],
      error: null,
      warnings: [],
    });
    expect(found.dir).to.equal(path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'good'));
  });

  it('stops before importing the entry when the depth is package', async () => {
    const shallow = await inspectPlugin('import-fails', {}, options('package'));
    expect(shallow.error).to.equal(null);
    const deep = await inspectPlugin('import-fails', {}, options('entry'));
    expect(deep.error?.code).to.equal('STRATOS_ERR_LOADER_IMPORT_FAILED');
  });

  it('checks the config only when the depth is config', async () => {
    expect((await inspectPlugin('good', { greeting: 5 }, options('entry'))).error).to.equal(null);
    const found = await inspectPlugin('good', { greeting: 5 }, options('config'));
    expect(found.error?.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
  });

  it('marks the SDK range unsatisfied and keeps the manifest facts when the range excludes the host SDK', async () => {
    const found = await inspectPlugin('sdk-range-unsatisfied', {}, options('package'));
    expect(found.error?.code).to.equal('STRATOS_ERR_COMPAT_SDK_RANGE');
    expect(found.sdkSatisfied).to.equal(false);
    expect(found.sdk).to.equal('^2.0.0');
    expect(found.installed).to.equal(true);
  });

  it('reports the package as not installed with its name as id when it cannot be found', async () => {
    const found = await inspectPlugin('absent-package', {}, options('package'));
    expect(found.error?.code).to.equal('STRATOS_ERR_LOADER_NOT_INSTALLED');
    expect(found).to.deep.include({ id: 'absent-package', installed: false, version: null, sdkSatisfied: null });
  });

  it('never calls init when the entry is imported', async () => {
    const found = await inspectPlugin('init-throws', {}, options('config'));
    expect(found.error).to.equal(null);
  });
});
