import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { createCliDeployment, linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { FakeRunningHost } from '../../helpers/fake-running-host.js';

describe('pluginsEnableCommand (stratos plugins enable|disable)', function () {
  this.timeout(30_000);
  let deployment: CliDeployment;
  let host: FakeRunningHost | undefined;
  beforeEach(() => {
    deployment = createCliDeployment(true);
    deployment.writeConfig({ server: { port: 0 }, plugins: ['good', { package: 'duplicate-id', enabled: false }] });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    deployment.cleanup();
  });

  it('disables then enables a plugin named by its package when run', async () => {
    const off = await deployment.run(['plugins', 'disable', 'good']);
    expect(off.code, off.stderr).to.equal(0);
    expect(off.stdout).to.match(/^Disabled plugin 'good' in '.*'; no host is running/);
    expect(deployment.readConfig().plugins![0]).to.deep.equal({ package: 'good', enabled: false });
    const on = await deployment.run(['plugins', 'enable', 'good', '--json']);
    expect(on.code).to.equal(0);
    expect(JSON.parse(on.stdout)).to.deep.equal({
      configFile: deployment.file,
      plugin: 'good',
      package: 'good',
      enabled: true,
      changed: true,
      runningHost: null,
    });
    expect(deployment.readConfig().plugins![0]).to.deep.equal({ package: 'good', enabled: true });
  });

  it('finds the entry by manifest id and keeps the rest of the file when the id differs from the package', async () => {
    deployment.writeConfig({
      $schema: 'x',
      plugins: [{ package: 'duplicate-id', enabled: false, config: { a: 1 } }],
      logLevel: 'warn',
    });
    const result = await deployment.run(['plugins', 'enable', 'good']);
    expect(result.code, result.stderr).to.equal(0);
    expect(readFileSync(deployment.file, 'utf8')).to.equal(
      `${JSON.stringify({ $schema: 'x', plugins: [{ package: 'duplicate-id', enabled: true, config: { a: 1 } }], logLevel: 'warn' }, null, 2)}\n`,
    );
  });

  it('says the running host applies the change itself and does not signal it when one runs', async () => {
    host = await FakeRunningHost.start(path.join(deployment.dir, 'data'), deployment.file, []);
    const result = await deployment.run(['plugins', 'disable', 'good']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include(`the running host (pid ${host.child.pid}) watches the file and applies the change itself`);
    expect(host.sighups()).to.equal(0);
  });

  it('says nothing changed, with changed false in --json, and leaves the file when the plugin is already in that state', async () => {
    const before = readFileSync(deployment.file, 'utf8');
    const again = await deployment.run(['plugins', 'disable', 'duplicate-id']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/^Plugin 'duplicate-id' is already disabled in '.*stratos\.config\.json'; nothing changed\n$/);
    const json = await deployment.run(['plugins', 'enable', 'good', '--json']);
    expect(json.code, json.stderr).to.equal(0);
    expect(JSON.parse(json.stdout)).to.include({ plugin: 'good', package: 'good', enabled: true, changed: false });
    expect(readFileSync(deployment.file, 'utf8')).to.equal(before);
  });

  it('exits 1 with STRATOS_ERR_CLI_NO_CONFIG_FILE, saying how to create one, when there is no config file', async () => {
    rmSync(deployment.file);
    const result = await deployment.run(['plugins', 'enable', 'good']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).not.to.include("stratos.config.json' has no plugin entry");
    expect(result.stderr).to.include("'stratos plugins add <package>' creates");
    expect(result.stderr).to.match(/\[STRATOS_ERR_CLI_NO_CONFIG_FILE\]\n$/);
    expect(existsSync(deployment.file)).to.equal(false);
  });

  it('exits 1 with STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN and leaves the file when no entry matches', async () => {
    const before = readFileSync(deployment.file, 'utf8');
    const result = await deployment.run(['plugins', 'disable', 'nope']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('[STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN]');
    expect(readFileSync(deployment.file, 'utf8')).to.equal(before);
  });

  it('prints its usage with --help and a usage error without a plugin name', async () => {
    const help = await deployment.run(['plugins', 'enable', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: stratos plugins enable <id\|package>/);
    const missing = await deployment.run(['plugins', 'disable']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('missing the plugin id or package');
    expect(missing.stderr).to.include('[STRATOS_ERR_CLI_USAGE]');
  });
});
