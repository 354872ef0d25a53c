import { writeFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Host } from '../../src/host/create-host.js';
import type { LogRecord } from '../../src/internal/logger.js';
import { createLiveDeployment, createLiveHost, liveCounts, type LiveDeployment } from '../helpers/live-deployment.js';
import { login } from '../helpers/login.js';

type LiveHost = Host & { logs: LogRecord[] };
const LIVE = { package: 'live-toggle' };

describe('Host.reload', function () {
  this.timeout(20_000);
  let deployment: LiveDeployment;
  let host: LiveHost | undefined;

  beforeEach(() => {
    deployment = createLiveDeployment();
  });
  afterEach(async () => {
    await host?.destroy();
    host = undefined;
    deployment.remove();
  });

  const start = async (plugins: unknown[]) => {
    deployment.writeConfig({ plugins });
    host = await createLiveHost(deployment);
    return host;
  };
  const state = (h: Host, pkg: string) => h.plugins().find((p) => p.package === pkg);

  it('takes a disabled plugin off the request path at once, destroys it once and keeps its endpoints', async () => {
    const h = await start([LIVE, 'good']);
    const { agent, xsrf } = await login(h);
    await agent.get('/pp/v1/live/ping').expect(200, { label: 'first' }).expect('X-Live', 'first');
    await agent
      .post('/api/v1/endpoints?endpoint_type=live')
      .set('X-Xsrf-Token', xsrf)
      .type('form')
      .send({ cnsi_name: 'kept', api_endpoint: 'http://127.0.0.1:9/' })
      .expect(201);
    const before = { ...liveCounts() };

    deployment.writeConfig({ plugins: [{ ...LIVE, enabled: false }, 'good'] });
    const result = await h.reload();

    expect(result.ok).to.equal(true);
    expect(result.plugins.map((c) => [c.id, c.change])).to.deep.equal([['live', 'disabled']]);
    expect(liveCounts().destroys - before.destroys).to.equal(1);
    expect(liveCounts().inits).to.equal(before.inits);
    const gone = await agent.get('/pp/v1/live/ping').expect(404);
    expect(gone.headers).not.to.have.property('x-live');
    await agent.get('/pp/v1/good/hello').expect(200);
    const info = await agent.get('/pp/v1/info').expect(200);
    expect(info.body.endpoints).not.to.have.property('live');
    expect(info.body.plugins).to.deep.include({ live: false, good: true });
    expect((await h.store.listEndpoints()).map((e) => e.name)).to.deep.equal(['kept']);
    expect(state(h, 'live-toggle')).to.include({ state: 'disabled', id: 'live' });

    await h.reload();
    expect(liveCounts().destroys - before.destroys).to.equal(1);
  });

  it('loads, initialises and mounts a plugin when it is enabled', async () => {
    const h = await start([{ ...LIVE, enabled: false }]);
    const { agent } = await login(h);
    await agent.get('/pp/v1/live/ping').expect(404);
    const inits = liveCounts().inits;

    deployment.writeConfig({ plugins: [{ ...LIVE, config: { label: 'on' } }] });
    const result = await h.reload();

    expect(result.plugins.map((c) => [c.id, c.change, c.status?.state])).to.deep.equal([['live', 'enabled', 'active']]);
    expect(liveCounts().inits - inits).to.equal(1);
    await agent.get('/pp/v1/live/ping').expect(200, { label: 'on' });
    const info = await agent.get('/pp/v1/info').expect(200);
    expect(info.body.endpoints).to.have.property('live');
  });

  it('adds a plugin newly listed in the file and removes one taken out of it', async () => {
    const h = await start(['good']);
    const { agent } = await login(h);
    const destroys = liveCounts().destroys;

    deployment.writeConfig({ plugins: ['good', LIVE] });
    const added = await h.reload();
    expect(added.plugins.map((c) => [c.id, c.change])).to.deep.equal([['live', 'added']]);
    await agent.get('/pp/v1/live/ping').expect(200);

    deployment.writeConfig({ plugins: [LIVE] });
    const removed = await h.reload();
    expect(removed.plugins).to.deep.equal([{ id: 'good', package: 'good', change: 'removed', status: null }]);
    await agent.get('/pp/v1/good/hello').expect(404);
    await agent.get('/pp/v1/live/ping').expect(200);
    expect(h.plugins().map((p) => p.id)).to.deep.equal(['live']);
    expect(liveCounts().destroys).to.equal(destroys);
  });

  it('re-validates and re-initialises a plugin whose config changed, and keeps unchanged ones', async () => {
    const h = await start([LIVE, 'good']);
    const { agent } = await login(h);
    const before = { ...liveCounts(), labels: [...liveCounts().labels] };
    const goodCalls = ((globalThis as Record<string, unknown>).__goodPluginCalls as unknown[][]).length;

    deployment.writeConfig({ plugins: [{ ...LIVE, config: { label: 'second' } }, 'good'] });
    const result = await h.reload();

    expect(result.plugins.map((c) => [c.id, c.change, c.status?.state])).to.deep.equal([['live', 'reconfigured', 'active']]);
    expect(liveCounts().destroys - before.destroys).to.equal(1);
    expect(liveCounts().labels.slice(before.labels.length)).to.deep.equal(['second']);
    await agent.get('/pp/v1/live/ping').expect(200, { label: 'second' });
    // 'good' kept its instance: neither destroyed nor initialised again.
    expect(((globalThis as Record<string, unknown>).__goodPluginCalls as unknown[][]).length).to.equal(goodCalls);

    deployment.writeConfig({ plugins: [{ ...LIVE, config: { label: 7 } }, 'good'] });
    const invalid = await h.reload();
    expect(invalid.plugins[0]!.status!.error!.code).to.equal('STRATOS_ERR_PLUGIN_INVALID_CONFIG');
    expect(invalid.plugins[0]!.status!.state).to.equal('failed');
    await agent.get('/pp/v1/live/ping').expect(404);
    await agent.get('/pp/v1/good/hello').expect(200);
  });

  it('rejects an invalid file as a whole and keeps the running set when the file does not validate or parse', async () => {
    const h = await start([LIVE]);
    const { agent } = await login(h);
    const before = { ...liveCounts() };

    deployment.writeConfig({ plugins: [{ ...LIVE, enabled: 'no' }] });
    const invalid = await h.reload();
    expect(invalid.ok).to.equal(false);
    expect(invalid.error!.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
    expect(invalid.error!.message).to.include(deployment.file);

    writeFileSync(deployment.file, '{ "plugins": [');
    const unparsable = await h.reload();
    expect(unparsable.error!.code).to.equal('STRATOS_ERR_CONFIG_PARSE');

    expect(h.lastReload()).to.deep.include({ ok: false, error: unparsable.error });
    expect(liveCounts()).to.deep.include({ inits: before.inits, destroys: before.destroys });
    await agent.get('/pp/v1/live/ping').expect(200);
    expect(state(h, 'live-toggle')!.state).to.equal('active');
    const list = await agent.get('/api/v1/plugins').expect(200);
    expect(list.headers['x-stratos-last-reload']).to.match(/^failed; code=STRATOS_ERR_CONFIG_PARSE; at=/);
    expect(h.logs.some((r) => r.level === 'error' && r.fields?.code === 'STRATOS_ERR_CONFIG_PARSE')).to.equal(true);
  });

  it('rejects a config file truncated to nothing, blank or null, and keeps the running plugins', async () => {
    const h = await start([LIVE, 'good']);
    const { agent } = await login(h);
    const before = { ...liveCounts() };

    for (const [content, code] of [
      ['', 'STRATOS_ERR_CONFIG_PARSE'],
      [' \n', 'STRATOS_ERR_CONFIG_PARSE'],
      ['null\n', 'STRATOS_ERR_CONFIG_INVALID'],
    ] as const) {
      writeFileSync(deployment.file, content);
      const result = await h.reload();
      expect(result.ok, JSON.stringify(content)).to.equal(false);
      expect(result.error!.code).to.equal(code);
      expect(result.error!.message).to.include(deployment.file);
      expect(result.error!.message).to.include('{ "plugins": [] }');
      expect(result.plugins).to.deep.equal([]);
    }

    expect(liveCounts()).to.deep.include({ inits: before.inits, destroys: before.destroys });
    expect(h.plugins().map((p) => [p.id, p.state])).to.deep.equal([
      ['live', 'active'],
      ['good', 'active'],
    ]);
    await agent.get('/pp/v1/live/ping').expect(200);
    await agent.get('/pp/v1/good/hello').expect(200);
    expect(h.lastReload()).to.deep.include({ ok: false });
  });

  it('reports a plugin whose package is missing as failed while the others keep serving', async () => {
    const h = await start(['good']);
    const { agent } = await login(h);

    deployment.writeConfig({ plugins: ['good', 'not-installed-anywhere'] });
    const result = await h.reload();

    expect(result.ok).to.equal(true);
    const change = result.plugins.find((c) => c.package === 'not-installed-anywhere')!;
    expect(change.change).to.equal('added');
    expect(change.status!.state).to.equal('failed');
    expect(change.status!.error!.code).to.equal('STRATOS_ERR_LOADER_NOT_INSTALLED');
    await agent.get('/pp/v1/good/hello').expect(200);
  });

  it('honours dependsOn against the running set when a dependent is enabled', async () => {
    const h = await start([
      { package: 'dep-base', enabled: false },
      { package: 'dep-child', enabled: false },
    ]);

    deployment.writeConfig({ plugins: [{ package: 'dep-base', enabled: false }, 'dep-child'] });
    const alone = await h.reload();
    expect(alone.plugins[0]!.status!.error!.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');

    deployment.writeConfig({ plugins: ['dep-base', 'dep-child'] });
    const both = await h.reload();
    expect(both.plugins.map((c) => [c.id, c.change, c.status?.state])).to.deep.equal([
      ['dep-base', 'enabled', 'active'],
      ['dep-child', 'retried', 'active'],
    ]);

    deployment.writeConfig({ plugins: [{ package: 'dep-base', enabled: false }, 'dep-child'] });
    const events = ((globalThis as Record<string, unknown>).__stratosFixtureEvents ??= []) as string[];
    const from = events.length;
    const orphaned = await h.reload();
    expect(orphaned.plugins.map((c) => [c.id, c.change])).to.deep.equal([
      ['dep-base', 'disabled'],
      ['dep-child', 'stopped'],
    ]);
    expect(state(h, 'dep-child')!.error!.code).to.equal('STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING');
    // Dependents go first, as at shutdown.
    expect(events.slice(from)).to.deep.equal(['dep-child:destroy', 'dep-base:destroy']);
  });

  it('reports settings that apply only at start as needing a restart, without applying them', async () => {
    const h = await start([LIVE]);
    deployment.writeConfig({ server: { port: 6553 }, logLevel: 'warn', plugins: [LIVE] });
    const result = await h.reload();
    expect(result.ok).to.equal(true);
    expect(result.restartRequired.map((r) => r.code)).to.deep.equal(['STRATOS_ERR_CONFIG_RESTART_REQUIRED']);
    expect(result.restartRequired[0]!.message).to.include("'server.port'").and.include("'logLevel'");
    expect(h.config.server.port).not.to.equal(6553);
  });

  it('runs reloads one at a time when several are asked for at once', async () => {
    const h = await start([LIVE]);
    const before = { ...liveCounts() };
    deployment.writeConfig({ plugins: [{ ...LIVE, enabled: false }] });
    const first = h.reload();
    const second = h.reload();
    const [a, b] = await Promise.all([first, second]);
    expect(a.plugins.map((c) => c.change)).to.deep.equal(['disabled']);
    expect(b.plugins).to.deep.equal([]);
    expect(liveCounts().destroys - before.destroys).to.equal(1);
  });

  it('answers STRATOS_ERR_CONFIG_NO_FILE when the host runs without a config file', async () => {
    const { createTestHost } = await import('../helpers/test-host.js');
    const test = await createTestHost(['good']);
    try {
      const result = await test.reload();
      expect(result.ok).to.equal(false);
      expect(result.error!.code).to.equal('STRATOS_ERR_CONFIG_NO_FILE');
    } finally {
      await test.cleanup();
    }
  });
});

describe('Host.reload (a package changed on disk)', function () {
  this.timeout(20_000);
  let deployment: LiveDeployment;
  let host: LiveHost | undefined;
  afterEach(async () => {
    await host?.destroy();
    deployment.remove();
  });

  it('reports restart required and changes nothing when an imported package was upgraded in place', async () => {
    deployment = createLiveDeployment(['good']);
    deployment.copyPlugin('live-toggle');
    deployment.writeConfig({ plugins: [{ package: 'live-toggle', config: { label: 'copy' } }] });
    host = await createLiveHost(deployment);
    const { agent } = await login(host);
    await agent.get('/pp/v1/live/ping').expect(200, { label: 'copy' });
    const before = { ...liveCounts() };

    deployment.setVersion('live-toggle', '2.0.0');
    deployment.writeConfig({ plugins: [{ package: 'live-toggle', config: { label: 'new' } }] });
    const result = await host.reload();

    expect(result.restartRequired.map((r) => r.code)).to.deep.equal(['STRATOS_ERR_PLUGIN_RESTART_REQUIRED']);
    expect(result.restartRequired[0]!.message).to.include("'1.0.0' to '2.0.0'").and.include('restart');
    expect(liveCounts()).to.deep.include({ inits: before.inits, destroys: before.destroys });
    await agent.get('/pp/v1/live/ping').expect(200, { label: 'copy' });
    const status = host.plugins()[0]!;
    expect(status.state).to.equal('active');
    expect(status.restartRequired!.code).to.equal('STRATOS_ERR_PLUGIN_RESTART_REQUIRED');

    deployment.writeConfig({ plugins: [{ package: 'live-toggle', enabled: false }] });
    await host.reload();
    deployment.writeConfig({ plugins: [{ package: 'live-toggle' }] });
    const enabled = await host.reload();
    expect(enabled.restartRequired.map((r) => r.code)).to.deep.equal(['STRATOS_ERR_PLUGIN_RESTART_REQUIRED']);
    expect(host.plugins()[0]!.state).to.equal('disabled');
    await agent.get('/pp/v1/live/ping').expect(404);
  });
});

describe('Host.reload (a file still being written)', function () {
  this.timeout(20_000);

  it('reads the file once more after retryParseErrorAfterMs when it did not parse', async () => {
    const deployment = createLiveDeployment();
    deployment.writeConfig({ plugins: ['live-toggle'] });
    const host = await createLiveHost(deployment);
    try {
      writeFileSync(deployment.file, '{ "plugins": [');
      const reloading = host.reload({ retryParseErrorAfterMs: 400 });
      setTimeout(() => deployment.writeConfig({ plugins: [{ package: 'live-toggle', enabled: false }] }), 150);
      const result = await reloading;
      expect(result.ok).to.equal(true);
      expect(result.plugins.map((c) => c.change)).to.deep.equal(['disabled']);
    } finally {
      await host.destroy();
      deployment.remove();
    }
  });
});
