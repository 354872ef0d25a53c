import { expect } from 'chai';
import supertest from 'supertest';
import { login } from '../helpers/login.js';
import { createTestHost, type TestHost, GOOD_PROVIDES } from '../helpers/test-host.js';

const fixtures = globalThis as unknown as { __stratosFixtureEvents?: string[] };

function statusOf(host: TestHost, id: string) {
  const status = host.plugins().find((p) => p.id === id);
  if (!status) throw new Error(`no plugin ${id}`);
  return status;
}

describe('mountPlugins', () => {
  beforeEach(() => {
    fixtures.__stratosFixtureEvents = [];
  });

  describe('a route conflict', () => {
    let host: TestHost;
    before(async () => {
      host = await createTestHost(['good', 'route-conflict']);
    });
    after(() => host.cleanup());

    it('fails the later plugin with STRATOS_ERR_MOUNT_ROUTE_CONFLICT naming both plugins when routes clash', () => {
      const status = statusOf(host, 'route-conflict');
      expect(status.state).to.equal('failed');
      expect(status.error?.code).to.equal('STRATOS_ERR_MOUNT_ROUTE_CONFLICT');
      expect(status.error?.message).to.include(
        "Plugin 'route-conflict' cannot mount route 'GET /pp/v1/good/hello': plugin 'good' already mounted it",
      );
      expect(status.error?.message).to.include('change one plugin');
      expect(status.provides).to.deep.include({ middleware: false, sessionRoutes: [] });
      expect(statusOf(host, 'good').state).to.equal('active');
    });

    it('keeps the earlier plugin serving the contested route when the later one is refused', async () => {
      const { agent } = await login(host);
      const response = await agent.get('/pp/v1/good/hello').expect(200);
      expect(response.body).to.deep.equal({ greeting: 'hello', user: 'admin' });
    });

    it("mounts none of the plugin's routes or middleware when it is refused", async () => {
      const { agent } = await login(host);
      const own = await agent.get('/pp/v1/route-conflict/own').expect(404);
      expect(own.headers['x-route-conflict']).to.equal(undefined);
      const ping = await supertest(host.app.callback()).get('/pp/v1/ping').expect(200);
      expect(ping.headers['x-route-conflict']).to.equal(undefined);
      expect(ping.headers['x-good-public']).to.equal('1');
    });
  });

  it('destroys a plugin refused at mount exactly once, also when the host is destroyed', async () => {
    const host = await createTestHost(['good', 'route-conflict']);
    let destroyed = false;
    try {
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['route-conflict:destroy']);
      await host.cleanup();
      destroyed = true;
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['route-conflict:destroy']);
    } finally {
      if (!destroyed) await host.cleanup();
    }
  });

  it('fails whichever plugin is mounted second when the config order is reversed', async () => {
    const host = await createTestHost(['route-conflict', 'good']);
    try {
      expect(statusOf(host, 'route-conflict').state).to.equal('active');
      expect(statusOf(host, 'good').error?.code).to.equal('STRATOS_ERR_MOUNT_ROUTE_CONFLICT');
      expect(statusOf(host, 'good').error?.message).to.include("plugin 'route-conflict' already mounted it");
      const { agent } = await login(host);
      expect((await agent.get('/pp/v1/good/hello').expect(200)).body).to.deep.equal({ from: 'route-conflict' });
    } finally {
      await host.cleanup();
    }
  });

  it('fails a plugin with STRATOS_ERR_MOUNT_CORE_ROUTE when its route falls below a core wildcard route', async () => {
    const host = await createTestHost(['proxy-shadow']);
    try {
      const status = statusOf(host, 'proxy-shadow');
      expect(status.state).to.equal('failed');
      expect(status.error?.code).to.equal('STRATOS_ERR_MOUNT_CORE_ROUTE');
      expect(status.error?.message).to.include("cannot mount route 'GET /pp/v1/proxy/mine'");
    } finally {
      await host.cleanup();
    }
  });

  it('fails a plugin with STRATOS_ERR_MOUNT_CORE_ROUTE when it declares a core route', async () => {
    const host = await createTestHost(['core-route']);
    try {
      const status = statusOf(host, 'core-route');
      expect(status.error?.code).to.equal('STRATOS_ERR_MOUNT_CORE_ROUTE');
      expect(status.error?.message).to.include(
        "Plugin 'core-route' cannot mount route 'GET /pp/v1/info': it is a core route of the host; choose another path",
      );
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['core-route:destroy']);
      const { agent } = await login(host);
      const info = await agent.get('/pp/v1/info').expect(200);
      expect(info.body).to.have.property('version');
      expect(info.body).not.to.have.property('from');
    } finally {
      await host.cleanup();
    }
  });

  it('fails the later plugin with STRATOS_ERR_MOUNT_ENDPOINT_TYPE_CONFLICT when two provide one endpoint type', async () => {
    const host = await createTestHost(['endpoint-alpha', 'endpoint-beta']);
    try {
      expect(statusOf(host, 'endpoint-alpha').provides.endpointType).to.equal('duo');
      const beta = statusOf(host, 'endpoint-beta');
      expect(beta.error?.code).to.equal('STRATOS_ERR_MOUNT_ENDPOINT_TYPE_CONFLICT');
      expect(beta.error?.message).to.include(
        "Plugin 'endpoint-beta' cannot add endpoint type 'duo': plugin 'endpoint-alpha' already provides it; disable one of them",
      );
      expect(beta.provides.endpointType).to.equal(null);
      expect(fixtures.__stratosFixtureEvents).to.deep.equal(['endpoint-beta:destroy']);
    } finally {
      await host.cleanup();
    }
  });

  it('keeps a plugin active providing nothing when every getter throws', async () => {
    const host = await createTestHost(['getter-throws']);
    try {
      const status = statusOf(host, 'getter-throws');
      expect(status.state).to.equal('active');
      expect(status.error).to.equal(null);
      expect(status.provides).to.deep.equal({
        middleware: false,
        sessionMiddleware: false,
        endpointType: null,
        sessionRoutes: [],
        adminRoutes: [],
      });
      const notes = host.logs.filter((r) => r.message.includes("plugin 'getter-throws'") && r.message.includes('threw'));
      expect(notes.map((r) => r.message)).to.have.members([
        "plugin 'getter-throws' getMiddlewarePlugin() threw, so it provides none",
        "plugin 'getter-throws' getEndpointPlugin() threw, so it provides none",
        "plugin 'getter-throws' getRoutePlugin() threw, so it provides none",
      ]);
    } finally {
      await host.cleanup();
    }
  });

  it('lists what a plugin provides, routes as METHOD /pp/v1/path, when it is mounted', async () => {
    const host = await createTestHost(['good']);
    try {
      const { provides } = statusOf(host, 'good');
      expect(provides).to.deep.equal(GOOD_PROVIDES);
      const { agent } = await login(host);
      const listed = await agent.get('/api/v1/plugins').expect(200);
      expect(listed.body.find((p: { id: string }) => p.id === 'good').provides).to.deep.equal(provides);
    } finally {
      await host.cleanup();
    }
  });
});
