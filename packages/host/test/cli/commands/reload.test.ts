import path from 'node:path';
import { expect } from 'chai';
import { createCliDeployment, linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { FakeRunningHost } from '../../helpers/fake-running-host.js';

describe('reloadCommand (stratos reload)', function () {
  this.timeout(30_000);
  let deployment: CliDeployment;
  let host: FakeRunningHost | undefined;
  beforeEach(() => {
    deployment = createCliDeployment(false);
    deployment.writeConfig({ server: { port: 0 }, plugins: [] });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    deployment.cleanup();
  });

  it('sends SIGHUP to the process host.json names when that host runs', async () => {
    host = await FakeRunningHost.start(path.join(deployment.dir, 'data'), deployment.file, []);
    const result = await deployment.run(['reload', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ pid: host.child.pid, url: 'http://127.0.0.1:45999', signal: 'SIGHUP' });
    // The signal is delivered asynchronously; wait a bounded time for the handler's mark.
    for (let i = 0; i < 100 && host.sighups() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(host.sighups()).to.equal(1);
  });

  it('exits 1 with STRATOS_ERR_CLI_NO_RUNNING_HOST when no host runs or its process has exited', async () => {
    const none = await deployment.run(['reload']);
    expect(none.code).to.equal(1);
    expect(linesOf(none.stderr)).to.have.length(1);
    expect(none.stderr).to.include('[STRATOS_ERR_CLI_NO_RUNNING_HOST]');
    host = await FakeRunningHost.start(path.join(deployment.dir, 'data'), deployment.file, []);
    await host.stop();
    const stale = await deployment.run(['reload']);
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.include('[STRATOS_ERR_CLI_NO_RUNNING_HOST]');
  });

  it('exits 1 with STRATOS_ERR_CONFIG_NO_FILE and sends no signal when the running host has no config file', async () => {
    host = await FakeRunningHost.start(path.join(deployment.dir, 'data'), null, []);
    const result = await deployment.run(['reload']);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('runs on embedded defaults');
    expect(result.stderr).to.match(/\[STRATOS_ERR_CONFIG_NO_FILE\]\n$/);
    // A signal would be delivered asynchronously; give it the time the test above allows.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(host.sighups()).to.equal(0);
  });

  it('prints its usage when run with --help', async () => {
    const result = await deployment.run(['reload', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: stratos reload/);
  });
});
