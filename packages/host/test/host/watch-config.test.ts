import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { ReloadResult } from '../../src/host/create-reloader.js';
import type { Host } from '../../src/host/create-host.js';
import { watchConfig, type ConfigWatch } from '../../src/host/watch-config.js';
import { createLiveDeployment, createLiveHost, type LiveDeployment } from '../helpers/live-deployment.js';
import { createTestHost } from '../helpers/test-host.js';

const DEBOUNCE_MS = 400;

describe('watchConfig', function () {
  this.timeout(20_000);
  let deployment: LiveDeployment;
  let host: Host;
  let watch: ConfigWatch | undefined;
  let results: ReloadResult[];
  let waiters: Array<() => void>;

  beforeEach(async () => {
    deployment = createLiveDeployment();
    deployment.writeConfig({ plugins: ['live-toggle'] });
    results = [];
    waiters = [];
    host = await createLiveHost(deployment, {
      onReload(result) {
        results.push(result);
        for (const wake of waiters.splice(0)) wake();
      },
    });
    watch = watchConfig(host, { debounceMs: DEBOUNCE_MS });
  });
  afterEach(async () => {
    watch?.close();
    await host.destroy();
    deployment.remove();
  });

  /** Resolves once `count` reloads have finished, failing after a bounded wait. */
  const reloads = async (count: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (results.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${results.length} reload(s) after ${timeoutMs} ms`);
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), sleep(100)]);
    }
    return results;
  };

  it('reloads the host when its config file is saved', async () => {
    deployment.writeConfig({ plugins: [{ package: 'live-toggle', enabled: false }] });
    const [first] = await reloads(1);
    expect(first!.ok).to.equal(true);
    expect(first!.plugins.map((c) => [c.id, c.change])).to.deep.equal([['live', 'disabled']]);
    expect(host.plugins()[0]!.state).to.equal('disabled');
  });

  const unfinishedWrites = [
    // An editor that writes in two steps, or a copy caught half-way.
    { when: 'a half-written file is completed', partial: '{ "dataDir": "./data", "plugins": [ { "package": "live-to' },
    // An editor that truncates first: without the retry the host would run without plugins.
    { when: 'a file an editor truncated is written', partial: '' },
  ];
  for (const { when, partial } of unfinishedWrites) {
    it(`applies the finished file instead of rejecting it when ${when}`, async () => {
      writeFileSync(deployment.file, partial);
      await sleep(DEBOUNCE_MS * 1.5);
      deployment.writeConfig({ plugins: [{ package: 'live-toggle', enabled: false }] });
      const [first] = await reloads(1);
      expect(first!.ok, JSON.stringify(first!.error)).to.equal(true);
      expect(host.plugins()[0]!.state).to.equal('disabled');
      expect(results.every((r) => r.ok)).to.equal(true);
    });
  }

  it('reports the file as rejected when it stays half-written after the retry', async () => {
    writeFileSync(deployment.file, '{ "plugins": [');
    const [first] = await reloads(1);
    expect(first!.ok).to.equal(false);
    expect(first!.error!.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
    expect(host.plugins()[0]!.state).to.equal('active');
  });

  it('rejects a file left empty after the retry and keeps the running plugins', async () => {
    writeFileSync(deployment.file, '');
    const [first] = await reloads(1);
    expect(first!.ok).to.equal(false);
    expect(first!.error!.code).to.equal('STRATOS_ERR_CONFIG_PARSE');
    expect(first!.error!.message).to.include('the file is empty');
    expect(host.plugins().map((p) => [p.id, p.state])).to.deep.equal([['live', 'active']]);
  });

  it('ignores changes to other files of the folder', async () => {
    writeFileSync(`${deployment.file}.bak`, '{}');
    await sleep(DEBOUNCE_MS * 2);
    expect(results).to.deep.equal([]);
  });

  it('watches nothing when the host runs without a config file', async () => {
    const test = await createTestHost(['good']);
    try {
      expect(watchConfig(test)).to.equal(undefined);
    } finally {
      await test.cleanup();
    }
  });
});
