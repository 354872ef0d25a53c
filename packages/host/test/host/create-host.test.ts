import { expect } from 'chai';
import supertest from 'supertest';
import { createTestHost } from '../helpers/test-host.js';
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
      const error = await rejectionOf(
        createTestHost(['dep-base', 'dep-child', 'init-throws'], { onPluginFailure: 'abort' }),
      );
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
