import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { createCliDeployment, type CliDeployment } from '../../helpers/cli-deployment.js';
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

describe('startCommand (failed starts)', function () {
  this.timeout(40_000);
  let deployment: CliDeployment;
  const children: CliProcess[] = [];
  const dataDir = () => path.join(deployment.dir, 'data');
  const start = (env: Record<string, string>) => {
    const child = startCli(['start'], { cwd: deployment.dir, env });
    children.push(child);
    return child;
  };

  before(() => {
    if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing; run 'npx tsc -b' first`);
  });
  beforeEach(() => {
    deployment = createCliDeployment(false);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill();
      await child.waitForExit(5_000).catch(() => undefined);
    }
    deployment.cleanup();
  });

  it('prints no password when the port is taken, and the next start prints one that logs in', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const failed = await deployment.run(['start'], { STRATOS_PORT: String(port) });
      expect(failed.code, failed.stderr).to.equal(1);
      expect(failed.stdout).not.to.include('Created user');
      expect(failed.stderr).to.include(`'127.0.0.1:${port}': port ${port} is in use by another process`);
      expect(failed.stderr).to.include('[STRATOS_ERR_SERVER_LISTEN]');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const child = start({ STRATOS_PORT: '0' });
    const url = await waitForListening(child);
    const printed = child.stdout.match(/Created user 'admin' with password: (\S+)\n/);
    expect(printed, child.describe()).to.not.equal(null);
    expect((await new HttpSession(url).login('admin', printed![1]!)).status).to.equal(200);
    expect((await child.stop('SIGTERM')).code).to.equal(0);
  });

  it('names STRATOS_ADMIN_PASSWORD and writes nothing when it is too short; a longer one then starts', async () => {
    const weak = await deployment.run(['start'], { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: 'short' });
    expect(weak.code).to.equal(1);
    expect(weak.stderr).to.match(
      /^stratos: The password for user 'admin' from STRATOS_ADMIN_PASSWORD is too short; expected at least 8 characters; .*\[STRATOS_ERR_AUTH_WEAK_PASSWORD\]\n$/,
    );
    expect(existsSync(dataDir()), 'a refused start creates no data directory').to.equal(false);

    const child = start({ STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: 'long-enough-1' });
    const url = await waitForListening(child);
    expect(child.stdout).to.include("Created user 'admin' with the password from STRATOS_ADMIN_PASSWORD");
    expect((await new HttpSession(url).login('admin', 'long-enough-1')).status).to.equal(200);
  });

  it('says the address is not of this machine, not that the port is taken, when STRATOS_HOST does not resolve', async () => {
    // A label longer than 63 characters fails in the local resolver: no DNS query leaves the machine.
    const host = `${'x'.repeat(64)}.invalid`;
    const result = await deployment.run(['start'], { STRATOS_HOST: host, STRATOS_PORT: '0' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`The host cannot listen on '${host}:0': the host address '${host}' does not resolve`);
    expect(result.stderr).to.include('set STRATOS_HOST or "server.host"').and.include('ENOTFOUND');
    expect(result.stderr).not.to.match(/STRATOS_PORT|in use|free port/);
    expect(result.stdout).not.to.include('Created user');
  });

  it('refuses a second host on the same data directory, naming the first, before writing anything', async () => {
    const first = start({ STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const url = await waitForListening(first);
    const hostFile = path.join(dataDir(), 'host.json');
    const described = readFileSync(hostFile, 'utf8');
    const files = readdirSync(dataDir()).sort();

    const second = await deployment.run(['start'], { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(second.code).to.equal(1);
    expect(second.stdout).to.equal('');
    expect(second.stderr).to.include(
      `A host is already running on the data directory '${dataDir()}' (pid ${first.child.pid}, ${url})`,
    );
    expect(second.stderr).to.include(`kill -TERM ${first.child.pid}`).and.include('STRATOS_DATA_DIR');
    expect(second.stderr).to.include('[STRATOS_ERR_CLI_HOST_RUNNING]');
    expect(readFileSync(hostFile, 'utf8')).to.equal(described);
    expect(readdirSync(dataDir()).sort()).to.deep.equal(files);
    expect((await new HttpSession(url).login('admin', ADMIN_PASSWORD)).status).to.equal(200);
    expect((await first.stop('SIGTERM')).code).to.equal(0);
  });

  it('starts when host.json was left by a host that no longer runs', async () => {
    // The pid of a process that has exited, as a host killed outright leaves it.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(dataDir());
    writeFileSync(path.join(dataDir(), 'host.json'), JSON.stringify({ pid: gone, url: 'http://127.0.0.1:1' }));
    const child = start({ STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const url = await waitForListening(child);
    expect(JSON.parse(readFileSync(path.join(dataDir(), 'host.json'), 'utf8'))).to.include({ pid: child.child.pid, url });
  });

  it('says the data directory is not a directory when a file stands in its place', async () => {
    writeFileSync(dataDir(), 'a file, not a folder');
    const result = await deployment.run(['start'], { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`caused by '${dataDir()}' is not a directory [STRATOS_ERR_STORE_OPEN]`);
    expect(result.stderr).not.to.include('EEXIST');
  });
});
