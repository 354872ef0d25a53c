import path from 'node:path';
import { expect } from 'chai';
import { createCliDeployment, linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { FakeRunningHost } from '../../helpers/fake-running-host.js';

describe('pluginsListCommand (stratos plugins list)', function () {
  this.timeout(30_000);
  let deployment: CliDeployment;
  let host: FakeRunningHost | undefined;
  beforeEach(() => {
    deployment = createCliDeployment(true);
    deployment.writeConfig({
      plugins: ['good', { package: 'duplicate-id', enabled: false }, 'sdk-range-unsatisfied', 'not-installed-here'],
    });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    deployment.cleanup();
  });

  it('lists every configured plugin with version, SDK check and enabled state when run with --json', async () => {
    const result = await deployment.run(['plugins', 'list', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report.configFile).to.equal(deployment.file);
    expect(report.hostSdk).to.match(/^\d+\.\d+\.\d+/);
    expect(report.runningHost).to.equal(null);
    const rows = report.plugins.map((p: Record<string, unknown>) => [
      p.package,
      p.id,
      p.enabled,
      p.installed,
      p.version,
      p.sdkSatisfied,
      p.running,
    ]);
    expect(rows).to.deep.equal([
      ['good', 'good', true, true, '1.2.3', true, null],
      ['duplicate-id', 'good', false, true, '1.0.0', true, null],
      ['sdk-range-unsatisfied', 'sdk-range-unsatisfied', true, true, '1.0.0', false, null],
      ['not-installed-here', 'not-installed-here', true, false, null, null, null],
    ]);
    expect(report.plugins[3].error.code).to.equal('STRATOS_ERR_LOADER_NOT_INSTALLED');
  });

  it('prints one line per plugin, naming what is not installed or not compatible, when run without --json', async () => {
    const result = await deployment.run(['plugins', 'list']);
    expect(result.code).to.equal(0);
    const lines = linesOf(result.stdout);
    expect(lines[0]).to.include('no running host');
    expect(lines.slice(1)).to.deep.equal([
      "good: enabled, version 1.2.3, SDK '^1.0.0' satisfied",
      "good (duplicate-id): disabled, version 1.0.0, SDK '^1.0.0' satisfied",
      "sdk-range-unsatisfied: enabled, version 1.0.0, SDK '^2.0.0' NOT satisfied, problem: STRATOS_ERR_COMPAT_SDK_RANGE",
      'not-installed-here: enabled, not installed, SDK range unknown',
    ]);
  });

  it('adds the state in the running host when its host.json names a live process', async () => {
    host = await FakeRunningHost.start(path.join(deployment.dir, 'data'), deployment.file, [
      { id: 'good', package: 'good', state: 'active', error: null },
      {
        id: 'sdk-range-unsatisfied',
        package: 'sdk-range-unsatisfied',
        state: 'failed',
        error: { code: 'STRATOS_ERR_COMPAT_SDK_RANGE', message: 'no' },
      },
    ]);
    const report = JSON.parse((await deployment.run(['plugins', 'list', '--json'])).stdout);
    expect(report.runningHost.pid).to.equal(host.child.pid);
    expect(report.plugins.map((p: { running: unknown }) => p.running)).to.deep.equal([
      { state: 'active', error: null },
      null,
      { state: 'failed', error: { code: 'STRATOS_ERR_COMPAT_SDK_RANGE', message: 'no' } },
      null,
    ]);
    await host.stop();
    const after = JSON.parse((await deployment.run(['plugins', 'list', '--json'])).stdout);
    expect(after.runningHost, 'a host.json whose process has exited is ignored').to.equal(null);
  });

  it('exits 1 with a one-line coded reason when the config file does not exist', async () => {
    const result = await deployment.run(['plugins', 'list', '--config', 'missing.json']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(/^stratos: Config file '.*missing\.json' does not exist.*\[STRATOS_ERR_CONFIG_NOT_FOUND\]\n$/);
  });

  it('prints its usage when run with --help and refuses extra arguments', async () => {
    const help = await deployment.run(['plugins', 'list', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: stratos plugins list/);
    const extra = await deployment.run(['plugins', 'list', 'good']);
    expect(extra.code).to.equal(1);
    expect(extra.stderr).to.include("unexpected argument 'good'");
  });
});
