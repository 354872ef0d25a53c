import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { HostConfig, PluginEntry } from '../../src/config/types.js';
import { createLogger, type LogRecord } from '../../src/internal/logger.js';
import { createEndpointServices } from '../../src/endpoints/endpoint-services.js';
import { loadPlugins } from '../../src/loader/load-plugins.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import type { PluginRecord } from '../../src/loader/types.js';
import { FIXTURE_PLUGINS_DIR, testConfig } from '../helpers/test-host.js';

/** What the fixture plugins record, read through globalThis as they write it. */
const fixtures = globalThis as unknown as {
  __stratosFixtureEvents?: string[];
  __stratosFixtureConfigs?: Record<string, unknown>;
};

const fixtureDir = (name: string) => path.join(FIXTURE_PLUGINS_DIR, 'node_modules', name);

describe('loadPlugins', () => {
  const dataDirs: string[] = [];
  beforeEach(() => {
    fixtures.__stratosFixtureEvents = [];
    fixtures.__stratosFixtureConfigs = {};
  });
  const stores: Store[] = [];
  after(async () => {
    for (const store of stores) await store.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  async function load(
    plugins: Array<string | (Partial<PluginEntry> & { package: string })>,
    overrides: Partial<HostConfig> = {},
  ) {
    const config = testConfig(plugins, overrides);
    dataDirs.push(config.dataDir);
    const logs: LogRecord[] = [];
    const store = openSqliteStore(config.dataDir);
    stores.push(store);
    const result = await loadPlugins(config, {
      logger: createLogger({ level: 'debug', sink: (r) => logs.push(r) }),
      services: createEndpointServices(store),
    });
    const byPackage = (pkg: string): PluginRecord => {
      const record = result.records.find((r) => r.package === pkg);
      if (!record) throw new Error(`no record for ${pkg}`);
      return record;
    };
    return { ...result, logs, byPackage };
  }

  /** Loads one package and returns its record, asserting that it failed with `code`. */
  async function failure(entry: string | (Partial<PluginEntry> & { package: string }), code: string) {
    const { byPackage } = await load([entry]);
    const record = byPackage(typeof entry === 'string' ? entry : entry.package);
    expect(record.state).to.equal('failed');
    expect(record.error?.code).to.equal(code);
    return record.error!.message;
  }

  describe('a valid plugin', () => {
    it('reports it active with its manifest, version, filled config and init time when it loads', async () => {
      const { records, initOrder } = await load(['good']);
      const [good] = records;
      expect(good).to.include({ id: 'good', package: 'good', version: '1.2.3', sdk: '^1.0.0', state: 'active', error: null });
      expect(good!.config).to.deep.equal({ greeting: 'hello' });
      expect(good!.initMs).to.be.a('number');
      expect(good!.entryUrl).to.match(/\/node_modules\/good\/index\.js$/);
      expect(initOrder).to.deep.equal(['good']);
    });

    it('fills defaults from the configSchema file when the manifest names a path in the package', async () => {
      const { byPackage } = await load([{ package: 'config-schema-file', config: { color: 'red' } }]);
      expect(byPackage('config-schema-file').state).to.equal('active');
      expect(fixtures.__stratosFixtureConfigs).to.deep.equal({ 'config-schema-file': { color: 'red', retries: 3 } });
    });

    it('loads a CommonJS plugin when module.exports is the branded plugin', async () => {
      const { byPackage } = await load(['cjs-plugin']);
      expect(byPackage('cjs-plugin').state).to.equal('active');
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['cjs-plugin:init']);
    });

    it('unwraps a transpiled CommonJS plugin when it sets exports.default', async () => {
      const { byPackage } = await load(['cjs-transpiled']);
      expect(byPackage('cjs-transpiled').state).to.equal('active');
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['cjs-transpiled:init']);
    });

    it('loads the plugin and logs a warning naming it when it has its own SDK copy of the same version', async () => {
      const { byPackage, logs } = await load(['own-sdk-same-version']);
      expect(byPackage('own-sdk-same-version').state).to.equal('active');
      // The plugin ran against its own copy: the brand, not the module identity, made it a plugin.
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['own-sdk-same-version:init:1.0.0']);
      const warning = logs.find((r) => r.level === 'warn');
      expect(warning?.message).to.include("plugin 'own-sdk-same-version' has its own copy of @stratos/plugin-sdk");
      expect(warning?.message).to.include(
        path.join(fixtureDir('own-sdk-same-version'), 'node_modules', '@stratos', 'plugin-sdk'),
      );
      expect(warning?.message).to.include('make it a peerDependency');
    });

    it('goes on with the other plugins when one of them fails', async () => {
      const { byPackage, initOrder } = await load(['init-throws', 'good', 'no-manifest']);
      expect(byPackage('good').state).to.equal('active');
      expect(initOrder).to.deep.equal(['good']);
    });
  });

  describe('a package that cannot be loaded', () => {
    it('fails with STRATOS_ERR_LOADER_NOT_INSTALLED naming npm install and the folder when it is not installed', async () => {
      const message = await failure('stratos-fixture-absent', 'STRATOS_ERR_LOADER_NOT_INSTALLED');
      expect(message).to.include("Plugin package 'stratos-fixture-absent' is not installed");
      expect(message).to.include(`run 'npm install stratos-fixture-absent' in '${FIXTURE_PLUGINS_DIR}'`);
    });

    it('fails with STRATOS_ERR_LOADER_INVALID_NAME when the entry is a path', async () => {
      const message = await failure('../good', 'STRATOS_ERR_LOADER_INVALID_NAME');
      expect(message).to.include("Plugin package '../good' is not a valid npm package name");
      expect(message).to.include('fix the name in the config');
    });

    it('fails with STRATOS_ERR_MANIFEST_MISSING when package.json has no stratosPlugin field', async () => {
      const message = await failure('no-manifest', 'STRATOS_ERR_MANIFEST_MISSING');
      expect(message).to.include("Package 'no-manifest' is not a Stratos plugin");
      expect(message).to.include('or remove it from the config');
    });

    it('fails with STRATOS_ERR_MANIFEST_INVALID naming the key when the manifest has an unknown key', async () => {
      const message = await failure('invalid-manifest', 'STRATOS_ERR_MANIFEST_INVALID');
      expect(message).to.include('Plugin package \'invalid-manifest\' has an invalid "stratosPlugin" manifest at /');
      expect(message).to.include("unknown property 'routes'");
      expect(message).to.include('install a release of the plugin with a valid manifest');
    });

    it('fails with STRATOS_ERR_MANIFEST_INVALID when the manifest has no sdk', async () => {
      const message = await failure('manifest-without-sdk', 'STRATOS_ERR_MANIFEST_INVALID');
      expect(message).to.include("'manifest-without-sdk'");
      expect(message).to.include("missing required property 'sdk'");
    });

    it('fails with STRATOS_ERR_COMPAT_SDK_RANGE naming both versions when the range excludes the host SDK', async () => {
      const message = await failure('sdk-range-unsatisfied', 'STRATOS_ERR_COMPAT_SDK_RANGE');
      expect(message).to.include("Plugin 'sdk-range-unsatisfied' requires plugin-sdk '^2.0.0', but the host provides '1.0.0'");
      expect(message).to.include('install a version of the plugin built for plugin-sdk 1.0.0');
    });

    it('fails with STRATOS_ERR_MANIFEST_INVALID at /sdk when the range is not semver', async () => {
      const message = await failure('sdk-range-invalid', 'STRATOS_ERR_MANIFEST_INVALID');
      expect(message).to.include("'sdk-range-invalid'");
      expect(message).to.include("at /sdk: must be a semver range such as ^1.0.0; received 'one point oh'");
    });

    it('fails with STRATOS_ERR_COMPAT_SDK_DUPLICATE when the plugin installs its own SDK of another version', async () => {
      const message = await failure('own-sdk-copy', 'STRATOS_ERR_COMPAT_SDK_DUPLICATE');
      const own = path.join(fixtureDir('own-sdk-copy'), 'node_modules', '@stratos', 'plugin-sdk');
      expect(message).to.include(`Plugin 'own-sdk-copy' resolves its own copy of @stratos/plugin-sdk 2.0.0 at '${own}'`);
      expect(message).to.include('but the host runs 1.0.0');
      expect(message).to.include('make @stratos/plugin-sdk a peerDependency of the plugin');
    });

    it('fails with STRATOS_ERR_LOADER_ENTRY_NOT_FOUND when the exports map has no "." entry', async () => {
      const message = await failure('no-exports-entry', 'STRATOS_ERR_LOADER_ENTRY_NOT_FOUND');
      expect(message).to.include("Plugin package 'no-exports-entry' has no importable entry module");
      expect(message).to.include('expected "exports" or "main"');
    });

    it('fails with STRATOS_ERR_LOADER_IMPORT_FAILED naming the entry and cause when the module throws on import', async () => {
      const message = await failure('import-fails', 'STRATOS_ERR_LOADER_IMPORT_FAILED');
      expect(message).to.include("Plugin package 'import-fails' failed while importing");
      expect(message).to.include(`${fixtureDir('import-fails')}/index.js`);
      expect(message).to.include('fix the module or reinstall the package; caused by missing native binding');
    });

    it('fails with STRATOS_ERR_LOADER_NO_DEFAULT_EXPORT listing the named exports when there is no default', async () => {
      const message = await failure('no-default-export', 'STRATOS_ERR_LOADER_NO_DEFAULT_EXPORT');
      expect(message).to.include("Plugin package 'no-default-export' has no default export");
      expect(message).to.include("expected 'export default definePlugin({...})', received exports 'plugin', 'version'");
    });

    it('fails with STRATOS_ERR_PLUGIN_INVALID_SHAPE naming the brand when the export is not made by definePlugin', async () => {
      const message = await failure('unbranded', 'STRATOS_ERR_PLUGIN_INVALID_SHAPE');
      expect(message).to.include("Plugin 'unbranded' does not export a valid plugin");
      expect(message).to.include("expected the brand $$type '@stratos/Plugin' with version 1");
      expect(message).to.include('wrap the default export in definePlugin()');
    });

    it('fails with STRATOS_ERR_PLUGIN_INVALID_SHAPE when getRoutePlugin is not a function', async () => {
      const message = await failure('bad-member', 'STRATOS_ERR_PLUGIN_INVALID_SHAPE');
      expect(message).to.include("Plugin 'bad-member'");
      expect(message).to.include(
        "expected getRoutePlugin to be a function when present, received an object with keys 'addSessionGroupRoutes'",
      );
    });

    it('fails with STRATOS_ERR_PLUGIN_CONFIG_SCHEMA when the configSchema path leaves the package', async () => {
      const message = await failure('config-schema-outside', 'STRATOS_ERR_PLUGIN_CONFIG_SCHEMA');
      expect(message).to.include("Plugin 'config-schema-outside' ships a configSchema that cannot be used");
      expect(message).to.include("'../good/package.json' points outside the package");
    });

    it('fails with STRATOS_ERR_PLUGIN_INVALID_CONFIG naming the path when the config entry breaks the schema', async () => {
      const message = await failure(
        { package: 'config-schema-file', config: { color: 'purple' } },
        'STRATOS_ERR_PLUGIN_INVALID_CONFIG',
      );
      expect(message).to.include("Plugin 'config-schema-file' has invalid config at /color");
      expect(message).to.include("must be one of 'red', 'green', 'blue'; received 'purple'");
      expect(message).to.include('fix its "config" entry in the config file');
      expect(fixtures.__stratosFixtureConfigs).to.deep.equal({});
    });

    it('fails the later package with STRATOS_ERR_PLUGIN_DUPLICATE_ID naming both packages when ids collide', async () => {
      const { byPackage, initOrder } = await load(['good', 'duplicate-id']);
      expect(byPackage('good').state).to.equal('active');
      const duplicate = byPackage('duplicate-id');
      expect(duplicate.state).to.equal('failed');
      expect(duplicate.error?.code).to.equal('STRATOS_ERR_PLUGIN_DUPLICATE_ID');
      expect(duplicate.error?.message).to.include("Plugin 'good' from package 'duplicate-id' has the same id as package 'good'");
      expect(duplicate.error?.message).to.include('remove one of them from the config');
      expect(initOrder).to.deep.equal(['good']);
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([]);
    });
  });

  describe('init', () => {
    it('fails with STRATOS_ERR_PLUGIN_INIT_FAILED and the cause when init throws', async () => {
      const message = await failure('init-throws', 'STRATOS_ERR_PLUGIN_INIT_FAILED');
      expect(message).to.include(
        "Plugin 'init-throws' failed in init(); check its config and logs; caused by database unreachable",
      );
    });

    it("fails with STRATOS_ERR_PLUGIN_INIT_TIMEOUT when init outlasts the entry's initTimeoutMs", async () => {
      const message = await failure({ package: 'init-hangs', initTimeoutMs: 30 }, 'STRATOS_ERR_PLUGIN_INIT_TIMEOUT');
      expect(message).to.include("Plugin 'init-hangs' did not finish init() within 30 ms");
      expect(message).to.include('raise "pluginInitTimeoutMs"');
    });

    it('fails with STRATOS_ERR_PLUGIN_INIT_TIMEOUT when init outlasts pluginInitTimeoutMs', async () => {
      const { byPackage } = await load(['init-hangs', 'good'], { pluginInitTimeoutMs: 40 });
      expect(byPackage('init-hangs').error?.code).to.equal('STRATOS_ERR_PLUGIN_INIT_TIMEOUT');
      expect(byPackage('init-hangs').error?.message).to.include('within 40 ms');
      expect(byPackage('good').state).to.equal('active');
    });
  });

  describe('disabled entries', () => {
    it('reports the manifest and never imports the package when the entry is disabled', async () => {
      const { byPackage, initOrder } = await load([{ package: 'import-fails', enabled: false }]);
      const record = byPackage('import-fails');
      // Importing this package throws, so 'disabled' without an error shows it was not imported.
      expect(record).to.include({ id: 'import-fails', state: 'disabled', version: '1.0.0', sdk: '^1.0.0', error: null });
      expect(record.entryUrl).to.equal(undefined);
      expect(initOrder).to.deep.equal([]);
    });

    it('reports a disabled plugin by its package name when it is not installed', async () => {
      const { byPackage } = await load([{ package: 'stratos-fixture-absent', enabled: false }]);
      expect(byPackage('stratos-fixture-absent')).to.include({ id: 'stratos-fixture-absent', state: 'disabled', error: null });
    });
  });

  describe('dependsOn', () => {
    it('initialises a dependency before its dependent when the dependent is listed first', async () => {
      const { initOrder, byPackage } = await load(['dep-child', 'dep-base']);
      expect(byPackage('dep-child').dependsOn).to.deep.equal(['dep-base']);
      expect(initOrder).to.deep.equal(['dep-base', 'dep-child']);
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['dep-base:init', 'dep-child:init']);
    });

    it('fails a dependent with STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED when its dependency throws in init', async () => {
      const { byPackage, initOrder } = await load([{ package: 'dep-base', config: { failInit: true } }, 'dep-child']);
      expect(byPackage('dep-base').error?.code).to.equal('STRATOS_ERR_PLUGIN_INIT_FAILED');
      const child = byPackage('dep-child');
      expect(child.state).to.equal('failed');
      expect(child.error?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
      expect(child.error?.message).to.include(
        "Plugin 'dep-child' was not started because plugin 'dep-base' it depends on failed",
      );
      expect(child.error?.message).to.include("fix 'dep-base' first");
      expect(child.error?.message).to.include('dep-base was told to fail');
      expect(initOrder).to.deep.equal([]);
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([]);
    });

    it('fails a dependent with STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED when its dependency fails before init', async () => {
      const { byPackage } = await load([{ package: 'dep-base', config: { bogus: 1 } }, 'dep-child']);
      expect(byPackage('dep-base').error?.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
      expect(byPackage('dep-child').error?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_FAILED');
      expect(byPackage('dep-child').error?.message).to.include("unknown property 'bogus'");
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([]);
    });

    it('fails a dependent with STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING when its dependency is disabled', async () => {
      const { byPackage } = await load([{ package: 'dep-base', enabled: false }, 'dep-child']);
      expect(byPackage('dep-base').state).to.equal('disabled');
      expect(byPackage('dep-child').error?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');
      expect(byPackage('dep-child').error?.message).to.include("add and enable 'dep-base' in the config");
    });

    it('fails with STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING naming the dependency when it is not configured', async () => {
      const message = await failure('dep-missing', 'STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');
      expect(message).to.include(
        "Plugin 'dep-missing' depends on plugin 'not-configured', which is not configured or is disabled",
      );
      expect(message).to.include("add and enable 'not-configured' in the config");
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([]);
    });

    it('fails both members with STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE naming the cycle when they depend on each other', async () => {
      const { byPackage, initOrder } = await load(['cycle-a', 'cycle-b', 'good']);
      for (const id of ['cycle-a', 'cycle-b']) {
        expect(byPackage(id).error?.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE');
        expect(byPackage(id).error?.message).to.include(
          `Plugin '${id}' is part of a dependsOn cycle 'cycle-a' -> 'cycle-b' -> 'cycle-a'`,
        );
        expect(byPackage(id).error?.message).to.include('remove one of these dependencies');
      }
      expect(initOrder).to.deep.equal(['good']);
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([]);
    });
  });
});
