import { existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { HOST_CLI, startCli, waitForListening, type CliProcess } from '../../helpers/cli-process.js';
import { HttpSession } from '../../helpers/http-session.js';
import { createLiveDeployment, type LiveDeployment } from '../../helpers/live-deployment.js';
import { FIXTURE_PLUGINS_DIR } from '../../helpers/test-host.js';

const ADMIN_PASSWORD = 'start-admin-password-1';

/** Polls `check` every 100 ms, at most `tries` times, until it returns true. */
async function eventually(check: () => Promise<boolean>, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${tries * 100} ms`);
}

describe('startCommand (live changes)', function () {
  this.timeout(40_000);
  let deployment: LiveDeployment;
  let child: CliProcess | undefined;

  before(() => {
    if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing; run 'npx tsc -b' first`);
  });
  afterEach(async () => {
    child?.kill();
    await child?.waitForExit(5_000).catch(() => undefined);
    child = undefined;
    deployment.remove();
  });

  it('applies a newly installed plugin on SIGHUP and a saved config file through the watch, describing itself in host.json', async () => {
    // 'live-toggle' is configured but not installed yet: only a reload can bring it in, not a file change.
    deployment = createLiveDeployment(['good']);
    deployment.writeConfig({ plugins: ['good', 'live-toggle'] });
    child = startCli(['start'], { cwd: deployment.dir, env: { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    const url = await waitForListening(child);
    const hostFile = path.join(deployment.dir, 'data', 'host.json');
    const described = () => JSON.parse(readFileSync(hostFile, 'utf8'));

    expect(statSync(hostFile).mode & 0o777).to.equal(0o600);
    const first = described();
    expect(first).to.include({ pid: child.child.pid, url, configFile: deployment.file, lastReload: null });
    expect(first.startedAt).to.be.a('string');
    expect(first.plugins.map((p: { id: string; state: string }) => [p.id, p.state])).to.deep.equal([
      ['good', 'active'],
      ['live-toggle', 'failed'],
    ]);

    const session = new HttpSession(url);
    expect((await session.login('admin', ADMIN_PASSWORD)).status).to.equal(200);
    expect((await session.get('/pp/v1/live/ping')).status).to.equal(404);

    symlinkSync(
      path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'live-toggle'),
      path.join(deployment.dir, 'node_modules', 'live-toggle'),
      'dir',
    );
    child.child.kill('SIGHUP');
    await eventually(async () => (await session.get('/pp/v1/live/ping')).status === 200, 'the plugin answering after SIGHUP');
    expect(child.stdout).to.include('SIGHUP received');
    await eventually(async () => described().lastReload?.ok === true, 'host.json telling the reload');
    expect(described().plugins.map((p: { state: string }) => p.state)).to.deep.equal(['active', 'active']);

    deployment.writeConfig({ plugins: ['good', { package: 'live-toggle', enabled: false }] });
    await eventually(async () => (await session.get('/pp/v1/live/ping')).status === 404, 'the watched file change');
    expect((await session.get('/pp/v1/good/hello')).status).to.equal(200);
    await eventually(async () => described().plugins[1]?.state === 'disabled', 'host.json telling the disabled plugin');

    const result = await child.stop('SIGTERM');
    expect(result.code).to.equal(0);
    expect(existsSync(hostFile)).to.equal(false);
  });

  it('keeps serving and reports the failed reload when the saved file is invalid', async () => {
    deployment = createLiveDeployment();
    deployment.writeConfig({ plugins: ['live-toggle'] });
    child = startCli(['start'], { cwd: deployment.dir, env: { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    const url = await waitForListening(child);
    const session = new HttpSession(url);
    await session.login('admin', ADMIN_PASSWORD);

    deployment.writeConfig({ plugins: [{ package: 'live-toggle', enabled: 'sometimes' }] });
    await eventually(
      async () =>
        /^failed; code=STRATOS_ERR_CONFIG_INVALID/.test(
          String((await session.get('/api/v1/plugins')).headers['x-stratos-last-reload']),
        ),
      'the rejected file being reported',
    );
    expect((await session.get('/pp/v1/live/ping')).status).to.equal(200);
    // host.json is rewritten after the reload settles, so it can trail the header by a moment.
    const hostFile = path.join(deployment.dir, 'data', 'host.json');
    const lastReload = () => JSON.parse(readFileSync(hostFile, 'utf8')).lastReload;
    await eventually(async () => lastReload() !== null, 'host.json telling the rejected reload');
    expect(lastReload()).to.include({ ok: false });
    expect(lastReload().error.code).to.equal('STRATOS_ERR_CONFIG_INVALID');
  });

  it('keeps serving and stops with exit code 0 when the reader of its output goes away', async () => {
    deployment = createLiveDeployment();
    deployment.writeConfig({ plugins: ['live-toggle'] });
    child = startCli(['start'], { cwd: deployment.dir, env: { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    const url = await waitForListening(child);
    // As when 'stratos start | head' has read enough: every later log line meets a broken pipe.
    child.child.stdout!.destroy();
    child.child.stderr!.destroy();
    const session = new HttpSession(url);
    expect((await session.login('admin', 'a wrong password')).status).to.equal(401);
    expect((await session.login('admin', ADMIN_PASSWORD)).status).to.equal(200);
    expect((await session.get('/pp/v1/live/ping')).status).to.equal(200);

    const result = await child.stop('SIGTERM');
    expect(result.signal).to.equal(null);
    expect(result.code).to.equal(0);
  });
});
