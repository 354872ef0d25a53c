import { expect } from 'chai';
import supertest from 'supertest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHost } from '../../src/host/create-host.js';
import { SQLITE_FILE } from '../../src/store/sqlite-store.js';
import { ADMIN, createTestHost, testConfig } from '../helpers/test-host.js';
import { rejectionOf } from '../helpers/caught.js';

const fixtures = globalThis as unknown as {
  __stratosFixtureEvents?: string[];
  __goodPluginCalls?: unknown[][];
};

describe('createHost', () => {
  beforeEach(() => {
    fixtures.__stratosFixtureEvents = [];
    fixtures.__goodPluginCalls ??= [];
    fixtures.__goodPluginCalls.length = 0;
  });

  describe('onPluginFailure "abort"', () => {
    it('rejects with STRATOS_ERR_PLUGIN_LOAD_ABORTED listing the plugin when one fails in init', async () => {
      const error = await rejectionOf(createTestHost(['dep-base', 'dep-child', 'init-throws'], { onPluginFailure: 'abort' }));
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_LOAD_ABORTED');
      expect(error.message).to.include(
        `1 plugin(s) failed and "onPluginFailure" is "abort": 'init-throws' (STRATOS_ERR_PLUGIN_INIT_FAILED)`,
      );
      expect(error.message).to.include('set "onPluginFailure": "skip"');
    });

    it('destroys the plugins that had initialised, in reverse order, when it aborts', async () => {
      await rejectionOf(createTestHost(['dep-child', 'dep-base', 'init-throws'], { onPluginFailure: 'abort' }));
      expect(fixtures.__stratosFixtureEvents).to.deep.equal([
        'dep-base:init',
        'dep-child:init',
        'dep-child:destroy',
        'dep-base:destroy',
      ]);
    });

    it('lists a plugin refused at mount and destroys every plugin once when it aborts', async () => {
      const error = await rejectionOf(createTestHost(['good', 'route-conflict'], { onPluginFailure: 'abort' }));
      expect(error.code).to.equal('STRATOS_ERR_PLUGIN_LOAD_ABORTED');
      expect(error.message).to.include("'route-conflict' (STRATOS_ERR_MOUNT_ROUTE_CONFLICT)");
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['route-conflict:destroy']);
      expect(fixtures.__goodPluginCalls!.filter((call) => call[0] === 'destroy')).to.have.length(1);
    });

    it('starts the host when every plugin loads', async () => {
      const host = await createTestHost(['good'], { onPluginFailure: 'abort' });
      try {
        expect(host.plugins().map((p) => p.state)).to.deep.equal(['active']);
      } finally {
        await host.cleanup();
      }
    });
  });

  describe('onPluginFailure "skip"', () => {
    it('starts the host and reports the failed plugin when one fails', async () => {
      const host = await createTestHost(['dep-base', 'init-throws'], { onPluginFailure: 'skip' });
      try {
        await supertest(host.app.callback()).get('/pp/v1/ping').expect(200);
        const statuses = host.plugins();
        expect(statuses.map((p) => [p.id, p.state])).to.deep.equal([
          ['dep-base', 'active'],
          ['init-throws', 'failed'],
        ]);
        expect(statuses[1]!.error?.code).to.equal('STRATOS_ERR_PLUGIN_INIT_FAILED');
        const logged = host.logs.find((r) => r.level === 'error' && r.fields?.plugin === 'init-throws');
        expect(logged?.message).to.include("Plugin 'init-throws' failed in init()");
        expect(logged?.fields?.code).to.equal('STRATOS_ERR_PLUGIN_INIT_FAILED');
      } finally {
        await host.cleanup();
      }
    });
  });

  describe('destroy', () => {
    it('runs destroy hooks in reverse init order exactly once when called twice', async () => {
      const host = await createTestHost(['dep-child', 'dep-base']);
      try {
        expect(fixtures.__stratosFixtureEvents).to.deep.equal(['dep-base:init', 'dep-child:init']);
        await host.destroy();
        await host.destroy();
        expect(fixtures.__stratosFixtureEvents).to.deep.equal([
          'dep-base:init',
          'dep-child:init',
          'dep-child:destroy',
          'dep-base:destroy',
        ]);
      } finally {
        await host.cleanup();
      }
      expect(fixtures.__stratosFixtureEvents).to.have.length(4);
    });

    it('skips destroy of a plugin when its init failed', async () => {
      const host = await createTestHost(['init-throws', 'dep-base']);
      await host.cleanup();
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['dep-base:init', 'dep-base:destroy']);
    });
  });
});

describe('createHost encryption key', () => {
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('hex');
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  const start = (key: string | undefined) => {
    const config = testConfig([], dataDir ? { dataDir } : {});
    dataDir = config.dataDir;
    const env = { STRATOS_ADMIN_PASSWORD: ADMIN.password, ...(key === undefined ? {} : { STRATOS_ENCRYPTION_KEY: key }) };
    return createHost({ config, env, logSink: () => undefined });
  };
  const storeSecret = (host: Awaited<ReturnType<typeof createHost>>) =>
    host.store.insertEndpoint({
      guid: 'g',
      name: 'n',
      type: 't',
      apiEndpoint: 'https://x.test',
      skipSslValidation: false,
      clientSecret: 'cs',
      metadata: {},
    });

  it('stops with STRATOS_ERR_STORE_KEY_MISMATCH and leaves the store byte-identical when restarted with another key', async () => {
    const first = await start(keyA);
    await storeSecret(first);
    await first.destroy();
    const file = path.join(dataDir!, SQLITE_FILE);
    const before = readFileSync(file);
    const error = await rejectionOf(start(keyB));
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_MISMATCH');
    expect(error.message).to.include('the encryption key from STRATOS_ENCRYPTION_KEY cannot decrypt');
    expect(readFileSync(file).equals(before)).to.equal(true);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).to.equal(0);
    const again = await start(keyA);
    expect((await again.store.getEndpoint('g'))?.clientSecret).to.equal('cs');
    await again.destroy();
  });

  it('reuses the key file it created and stops with STRATOS_ERR_STORE_KEY_MISMATCH naming the file when it is replaced', async () => {
    const first = await start(undefined);
    await storeSecret(first);
    await first.destroy();
    expect(existsSync(path.join(dataDir!, 'encryption.key'))).to.equal(true);
    const reopened = await start(undefined);
    expect((await reopened.store.getEndpoint('g'))?.clientSecret).to.equal('cs');
    await reopened.destroy();
    const keyFile = path.join(dataDir!, 'encryption.key');
    writeFileSync(keyFile, `${keyB}\n`, { mode: 0o600 });
    const error = await rejectionOf(start(undefined));
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_MISMATCH');
    expect(error.message).to.include(`the encryption key from key file '${keyFile}' cannot decrypt`);
    rmSync(keyFile);
    const missing = await rejectionOf(start(undefined));
    expect(missing.code).to.equal('STRATOS_ERR_STORE_KEY_MISSING');
    expect(existsSync(keyFile)).to.equal(false);
  });

  it('stops with STRATOS_ERR_STORE_KEY_INVALID when STRATOS_ENCRYPTION_KEY is not 32 bytes', async () => {
    const error = await rejectionOf(start('too-short'));
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_INVALID');
    expect(error.message).to.include('STRATOS_ENCRYPTION_KEY');
  });
});
