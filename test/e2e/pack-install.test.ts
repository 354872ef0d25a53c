import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { cliEnv, runCli, startCli, waitForListening, type CliProcess } from '../../packages/host/test/helpers/cli-process.js';
import { HttpSession } from '../../packages/host/test/helpers/http-session.js';

const exec = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_PASSWORD = 'e2e-admin-password-1';
const VIEWER_PASSWORD = 'e2e-viewer-password-1';
const PLUGIN_NAME = '@acme/stratos-plugin-notes';
/** An out-of-tree plugin written only against the SDK's public API; packed from a temp copy. */
const PLUGIN_SOURCE = fileURLToPath(new URL('../fixtures/plugin-notes/', import.meta.url));

/** Runs a command to completion with a hard time limit; the error carries its output. */
async function run(file: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const { stdout } = await exec(file, args, { cwd, env: cliEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** `npm pack` in `dir`; returns the tarball's path in `destination`. */
async function pack(dir: string, destination: string): Promise<string> {
  const [result] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', destination], dir, 60_000)) as [
    { filename: string },
  ];
  return path.join(destination, result.filename);
}

describe('packed install (npm pack + npm install in a fresh deployment)', function () {
  this.timeout(6 * 60_000);
  let root: string;
  let deploy: string;
  let bin: string;
  let hostTarball: string;
  let host: CliProcess | undefined;

  const writeConfig = (enabled: boolean) =>
    writeFileSync(
      path.join(deploy, 'stratos.config.json'),
      JSON.stringify({ plugins: [{ package: PLUGIN_NAME, enabled, config: { greeting: 'hi from config' } }] }, null, 2),
    );
  const startHost = async (): Promise<string> => {
    host = startCli(['start'], { cwd: deploy, bin, env: { STRATOS_PORT: '0', STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    return waitForListening(host, 30_000);
  };
  const stopHost = async () => {
    if (host?.isRunning) {
      host.kill();
      await host.waitForExit(10_000).catch(() => undefined);
    }
  };

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'stratos-e2e-'));
    const packs = path.join(root, 'packs');
    mkdirSync(packs);
    await run('npx', ['tsc', '-b'], REPO, 120_000);
    const sdkTarball = await pack(path.join(REPO, 'packages/plugin-sdk'), packs);
    hostTarball = await pack(path.join(REPO, 'packages/host'), packs);
    cpSync(PLUGIN_SOURCE, path.join(root, 'plugin'), { recursive: true });
    const pluginTarball = await pack(path.join(root, 'plugin'), packs);

    deploy = path.join(root, 'deploy');
    mkdirSync(deploy);
    await run('npm', ['init', '-y'], deploy, 60_000);
    // better-sqlite3 may be built from source here, which takes about a minute.
    const install = ['install', sdkTarball, hostTarball, pluginTarball, '--no-audit', '--no-fund', '--prefer-offline'];
    await run('npm', install, deploy, 5 * 60_000);
    bin = path.join(deploy, 'node_modules', '.bin', 'stratos');
  });

  after(async () => {
    await stopHost();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('ships dist and schema but no sources or tests in the host tarball', async () => {
    const entries = (await run('tar', ['-tzf', hostTarball], root, 30_000)).split('\n').filter(Boolean);
    expect(entries).to.include.members([
      'package/package.json',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/cli/main.js',
      'package/schema/stratos.config.schema.json',
    ]);
    expect(entries.filter((e) => /^package\/(src|test)\//.test(e) || /\.test\.|fixtures/.test(e))).to.deep.equal([]);
  });

  it('links the stratos bin when the packed host is installed', () => {
    expect(existsSync(bin)).to.equal(true);
  });

  describe('with the plugin enabled', () => {
    let url: string;
    before(async () => {
      writeConfig(true);
      url = await startHost();
      // Added while the host runs: the first start created the admin from STRATOS_ADMIN_PASSWORD,
      // which it only does on a store without users.
      const added = await runCli(['users', 'add', 'viewer'], { cwd: deploy, bin, input: `${VIEWER_PASSWORD}\n` });
      expect(added.code, added.stderr).to.equal(0);
    });
    after(stopHost);

    it('runs the plugin public middleware when a public route is requested', async () => {
      const ping = await new HttpSession(url).get('/pp/v1/ping');
      expect(ping.status).to.equal(200);
      expect(ping.headers['x-notes-public']).to.equal('1');
    });

    it('serves the plugin session route with a session and answers 401 without one', async () => {
      const admin = new HttpSession(url);
      expect((await admin.login('admin', ADMIN_PASSWORD)).status).to.equal(200);
      const hello = await admin.get('/pp/v1/notes/hello');
      expect(hello.status).to.equal(200);
      expect(hello.body).to.deep.equal({ greeting: 'hi from config', user: 'admin' });
      expect(hello.headers['x-notes-user']).to.equal('admin');
      const anonymous = await new HttpSession(url).get('/pp/v1/notes/hello');
      expect(anonymous.status).to.equal(401);
      expect(anonymous.headers['x-notes-user']).to.equal(undefined);
    });

    it('serves the plugin admin route to an admin and answers 403 to a user added with stratos users add', async () => {
      const admin = new HttpSession(url);
      await admin.login('admin', ADMIN_PASSWORD);
      const adminAnswer = await admin.get('/pp/v1/notes/admin');
      expect(adminAnswer.status).to.equal(200);
      expect(adminAnswer.body).to.deep.equal({ admin: 'admin' });
      const viewer = new HttpSession(url);
      expect((await viewer.login('viewer', VIEWER_PASSWORD)).status).to.equal(200);
      expect((await viewer.get('/pp/v1/notes/hello')).status).to.equal(200);
      expect((await viewer.get('/pp/v1/notes/admin')).status).to.equal(403);
    });

    it('lists the plugin as active with its version and SDK range, using the one installed SDK', async () => {
      const admin = new HttpSession(url);
      await admin.login('admin', ADMIN_PASSWORD);
      const list = await admin.get('/api/v1/plugins');
      expect(list.status).to.equal(200);
      expect(list.body).to.have.length(1);
      expect(list.body[0]).to.deep.include({
        id: 'notes',
        package: PLUGIN_NAME,
        version: '0.3.0',
        sdk: '^1.0.0',
        state: 'active',
        error: null,
      });
      expect(list.body[0].provides).to.deep.include({ middleware: true, sessionMiddleware: true });
      expect(host!.stdout + host!.stderr).not.to.include('own copy of @stratos/plugin-sdk');
    });

    it('exits 0 when sent SIGTERM', async () => {
      const result = await host!.stop('SIGTERM', 15_000);
      expect(result.code, host!.describe()).to.equal(0);
    });
  });

  describe('with the plugin entry disabled in the config', () => {
    let url: string;
    before(async () => {
      writeConfig(false);
      url = await startHost();
    });
    after(stopHost);

    it('answers 404 on the plugin routes and no longer runs its middleware', async () => {
      const admin = new HttpSession(url);
      expect((await admin.login('admin', ADMIN_PASSWORD)).status).to.equal(200);
      expect((await admin.get('/pp/v1/notes/hello')).status).to.equal(404);
      expect((await admin.get('/pp/v1/notes/admin')).status).to.equal(404);
      expect((await admin.get('/pp/v1/ping')).headers['x-notes-public']).to.equal(undefined);
    });

    it('lists the plugin as disabled with its version', async () => {
      const admin = new HttpSession(url);
      await admin.login('admin', ADMIN_PASSWORD);
      const list = await admin.get('/api/v1/plugins');
      expect(list.status).to.equal(200);
      expect(list.body).to.have.length(1);
      expect(list.body[0]).to.deep.include({ id: 'notes', version: '0.3.0', state: 'disabled', error: null });
    });

    it('exits 0 when sent SIGTERM', async () => {
      const result = await host!.stop('SIGTERM', 15_000);
      expect(result.code, host!.describe()).to.equal(0);
    });
  });
});
