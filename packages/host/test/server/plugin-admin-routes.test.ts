import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Host } from '../../src/host/create-host.js';
import { createLiveDeployment, createLiveHost, type LiveDeployment } from '../helpers/live-deployment.js';
import { login } from '../helpers/login.js';
import { createTestHost } from '../helpers/test-host.js';

describe('addPluginAdminRoutes', function () {
  this.timeout(20_000);
  let deployment: LiveDeployment;
  let host: Host;
  let session: Awaited<ReturnType<typeof login>>;

  beforeEach(async () => {
    deployment = createLiveDeployment();
    deployment.writeConfig({ plugins: ['live-toggle', { package: 'init-throws', enabled: false }] });
    host = await createLiveHost(deployment);
    session = await login(host);
  });
  afterEach(async () => {
    await host.destroy();
    deployment.remove();
  });

  const put = (id: string, body: unknown, xsrf = session.xsrf) =>
    session.agent
      .put(`/api/v1/plugins/${encodeURIComponent(id)}`)
      .set('X-Xsrf-Token', xsrf)
      .send(body as object);
  const fileEntries = () => (JSON.parse(readFileSync(deployment.file, 'utf8')) as { plugins: unknown[] }).plugins;

  describe('PUT /api/v1/plugins/:id', () => {
    it('edits the file, applies it and answers the new status when a plugin is disabled then enabled by id', async () => {
      const off = await put('live', { enabled: false }).expect(200);
      expect(off.body).to.include({ id: 'live', package: 'live-toggle', state: 'disabled' });
      expect(fileEntries()[0]).to.deep.equal({ package: 'live-toggle', enabled: false });
      await session.agent.get('/pp/v1/live/ping').expect(404);

      const on = await put('live-toggle', { enabled: true }).expect(200);
      expect(on.body).to.include({ id: 'live', state: 'active' });
      expect(fileEntries()[0]).to.deep.equal({ package: 'live-toggle', enabled: true });
      await session.agent.get('/pp/v1/live/ping').expect(200);
      const list = await session.agent.get('/api/v1/plugins').expect(200);
      expect(list.headers['x-stratos-last-reload']).to.match(/^ok; at=/);
    });

    it('answers 500 with the plugin error code when the enabled plugin fails to start', async () => {
      const { body } = await put('init-throws', { enabled: true }).expect(500);
      expect(body.code).to.equal('STRATOS_ERR_PLUGIN_INIT_FAILED');
      expect(body.data).to.include({ package: 'init-throws', state: 'failed' });
      await session.agent.get('/pp/v1/live/ping').expect(200);
    });

    it('answers 404 and leaves the file alone when the id names no configured plugin', async () => {
      const before = readFileSync(deployment.file, 'utf8');
      await put('good', { enabled: true }).expect(404);
      await put('no-such-plugin', { enabled: false }).expect(404);
      expect(readFileSync(deployment.file, 'utf8')).to.equal(before);
    });

    it('answers 400 when the body has no boolean "enabled"', async () => {
      await put('live', { enabled: 'false' }).expect(400);
      await put('live', {}).expect(400);
      expect(host.plugins()[0]!.state).to.equal('active');
    });

    it('answers 403 without the XSRF token', async () => {
      await session.agent.put('/api/v1/plugins/live').send({ enabled: false }).expect(403);
      expect(host.plugins()[0]!.state).to.equal('active');
    });
  });
});

describe('addPluginAdminRoutes (no config file)', () => {
  it('answers 409 STRATOS_ERR_CONFIG_NO_FILE when the host runs without a config file', async () => {
    const host = await createTestHost(['good']);
    try {
      const { agent, xsrf } = await login(host);
      const { body } = await agent.put('/api/v1/plugins/good').set('X-Xsrf-Token', xsrf).send({ enabled: false }).expect(409);
      expect(body.code).to.equal('STRATOS_ERR_CONFIG_NO_FILE');
      expect(host.plugins()[0]!.state).to.equal('active');
    } finally {
      await host.cleanup();
    }
  });
});
