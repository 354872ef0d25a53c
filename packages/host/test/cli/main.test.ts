import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { HOST_CLI, runCli, startCli, waitForListening, type CliOptions, type CliProcess } from '../helpers/cli-process.js';
import { HttpSession } from '../helpers/http-session.js';
import { FIXTURE_PLUGINS_DIR } from '../helpers/test-host.js';

const ADMIN_PASSWORD = 'cli-admin-password-1';
const HOST_PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A throw-away deployment folder whose node_modules is the fixture plugins' one. */
interface Deployment {
  dir: string;
  marker: string;
  writeConfig(config: object): void;
  markerLines(): string[];
}

function createDeployment(): Deployment {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratos-cli-'));
  symlinkSync(path.join(FIXTURE_PLUGINS_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const marker = path.join(dir, 'marker.txt');
  return {
    dir,
    marker,
    writeConfig: (config) => writeFileSync(path.join(dir, 'stratos.config.json'), JSON.stringify(config, null, 2)),
    markerLines: () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n') : []),
  };
}

/** Both lifecycle fixtures, cli-slow depending on cli-marker, reporting to the deployment's marker file. */
function lifecyclePlugins(deployment: Deployment): object[] {
  return [
    { package: 'cli-marker', config: { markerFile: deployment.marker } },
    { package: 'cli-slow', config: { markerFile: deployment.marker } },
  ];
}

describe('main (the stratos bin)', function () {
  this.timeout(30_000);
  let deployment: Deployment;
  let children: CliProcess[];

  before(() => {
    if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing; run 'npx tsc -b' first`);
  });
  beforeEach(() => {
    deployment = createDeployment();
    children = [];
  });
  afterEach(async () => {
    for (const child of children) child.kill();
    await Promise.all(children.map((child) => child.waitForExit(5_000).catch(() => undefined)));
    rmSync(deployment.dir, { recursive: true, force: true });
  });

  const options = (env: Record<string, string> = {}, input?: string): CliOptions => ({
    cwd: deployment.dir,
    env: { STRATOS_PORT: '0', ...env },
    ...(input === undefined ? {} : { input }),
  });
  const start = (env: Record<string, string> = { STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD }) => {
    const child = startCli(['start'], options(env));
    children.push(child);
    return child;
  };
  const addUser = (name: string, password: string, ...flags: string[]) =>
    runCli(['users', 'add', name, ...flags], options({}, `${password}\n`));

  it('prints the usage and exits 0 when run with --help', async () => {
    const result = await runCli(['--help'], options());
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: stratos <command>/);
    expect(result.stdout).to.include('users add <name> [--admin]');
  });

  it('prints the package version and exits 0 when run with --version', async () => {
    const result = await runCli(['--version'], options());
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${HOST_PACKAGE.version}\n`);
  });

  it('exits 2 naming the command when the command is unknown', async () => {
    const result = await runCli(['frobnicate'], options());
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal("stratos: unknown command 'frobnicate'; run 'stratos --help' for usage\n");
  });

  describe('command groups', () => {
    it('prints the group usage listing each subcommand and exits 0 when run with --help or -h', async () => {
      const users = await runCli(['users', '--help'], options());
      expect(users.code, users.stderr).to.equal(0);
      expect(users.stderr).to.equal('');
      expect(users.stdout).to.match(/^Usage: stratos users <command>/);
      expect(users.stdout).to.match(/^ {2}add <name> \[--admin\] +add a local user/m);
      const plugins = await runCli(['plugins', '-h'], options());
      expect(plugins.code, plugins.stderr).to.equal(0);
      expect(plugins.stdout).to.match(/^Usage: stratos plugins <command>/);
      for (const command of ['list', 'add', 'remove', 'enable', 'disable']) {
        expect(plugins.stdout).to.match(new RegExp(`^ {2}${command}\\b`, 'm'));
      }
    });

    it('exits 2 naming the subcommands that exist when the subcommand is missing or unknown', async () => {
      const missing = await runCli(['users'], options());
      expect(missing.code).to.equal(2);
      expect(missing.stdout).to.equal('');
      expect(missing.stderr).to.equal(
        "stratos: missing users command; expected one of: add; run 'stratos users --help' for usage\n",
      );
      const unknown = await runCli(['plugins', 'frob'], options());
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.equal(
        "stratos: unknown plugins command 'frob'; expected one of: list, add, remove, enable, disable; run 'stratos plugins --help' for usage\n",
      );
    });
  });

  describe('option errors', () => {
    it('names the unknown option and the help command in one short line', async () => {
      const result = await runCli(['start', '--port', '1234'], options());
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal(
        "stratos: unknown option '--port'; run 'stratos start --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
    });

    it('names the whole argument when a dash argument is not an option', async () => {
      const result = await runCli(['users', 'add', '-dash'], options({}, 'dash-password-1\n'));
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal(
        "stratos: unknown option '-dash'; run 'stratos users add --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
    });

    it('says which option lacks its value or takes none', async () => {
      const missing = await runCli(['plugins', 'list', '--config'], options());
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.equal(
        "stratos: option '--config' needs a value; run 'stratos plugins list --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
      const extra = await runCli(['plugins', 'list', '--json=yes'], options());
      expect(extra.code).to.equal(1);
      expect(extra.stderr).to.equal(
        "stratos: option '--json' takes no value; run 'stratos plugins list --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
    });
  });

  describe('users add', () => {
    it('adds users who can log in to a started host, admins only with --admin, when the password is piped on stdin', async () => {
      const added = await addUser('alice', 'alice-password-1');
      expect(added.code, added.stderr).to.equal(0);
      expect(added.stdout).to.equal("Added user 'alice'\n");
      const addedAdmin = await addUser('root', 'root-password-1', '--admin');
      expect(addedAdmin.code, addedAdmin.stderr).to.equal(0);
      expect(addedAdmin.stdout).to.equal("Added user 'root' (administrator)\n");
      deployment.writeConfig({ plugins: lifecyclePlugins(deployment) });

      const url = await waitForListening(start());
      const alice = new HttpSession(url);
      expect((await alice.login('alice', 'alice-password-1')).status).to.equal(200);
      expect((await alice.get('/pp/v1/cli-marker/whoami')).body).to.deep.equal({ user: 'alice', admin: false });
      expect((await alice.get('/api/v1/plugins')).status).to.equal(403);
      const root = new HttpSession(url);
      expect((await root.login('root', 'root-password-1')).status).to.equal(200);
      expect((await root.get('/api/v1/plugins')).status).to.equal(200);
      expect((await new HttpSession(url).login('alice', 'not-her-password')).status).to.equal(401);
    });

    it('exits 1 with STRATOS_ERR_CLI_USER_EXISTS when the user already exists', async () => {
      expect((await addUser('alice', 'alice-password-1')).code).to.equal(0);
      const again = await addUser('alice', 'other-password-1');
      expect(again.code).to.equal(1);
      expect(again.stderr).to.equal("stratos: User 'alice' already exists; choose another name [STRATOS_ERR_CLI_USER_EXISTS]\n");
    });

    it('exits 1 with STRATOS_ERR_AUTH_WEAK_PASSWORD and adds nobody when the password is too short', async () => {
      const weak = await addUser('alice', 'short');
      expect(weak.code).to.equal(1);
      expect(weak.stderr).to.match(
        /^stratos: The password for user 'alice' is too short; .*\[STRATOS_ERR_AUTH_WEAK_PASSWORD\]\n$/,
      );
      expect((await addUser('alice', 'alice-password-1')).code).to.equal(0);
    });

    it('exits 1 with a one-line usage error when the name is missing', async () => {
      const result = await runCli(['users', 'add'], options({}, 'alice-password-1\n'));
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal(
        "stratos: a user name is required; run 'stratos users add --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
    });

    it('exits 1 with a one-line usage error naming the flag when a flag is unknown', async () => {
      const result = await addUser('alice', 'alice-password-1', '--bogus');
      expect(result.code).to.equal(1);
      expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(result.stderr).to.equal(
        "stratos: unknown option '--bogus'; run 'stratos users add --help' for usage [STRATOS_ERR_CLI_USAGE]\n",
      );
    });
  });

  describe('start', () => {
    it('exits 1 naming the file, the JSON path, the expectation and the value when the config is invalid', async () => {
      deployment.writeConfig({ session: { timeoutMinutes: 'long' } });
      const result = await runCli(['start'], options());
      expect(result.code).to.equal(1);
      const file = path.join(deployment.dir, 'stratos.config.json');
      expect(result.stderr).to.equal(
        `stratos: Invalid config in '${file}' at /session/timeoutMinutes: must be number; received 'long' [STRATOS_ERR_CONFIG_INVALID]\n`,
      );
      expect(result.stdout).not.to.include('listening');
    });

    it('serves login and plugin routes, then exits 0 destroying plugins in reverse init order when sent SIGTERM', async () => {
      deployment.writeConfig({ plugins: lifecyclePlugins(deployment) });
      const cli = start();
      const url = await waitForListening(cli);
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const session = new HttpSession(url);
      const login = await session.login('admin', ADMIN_PASSWORD);
      expect(login.status).to.equal(200);
      expect(login.body.account).to.equal('admin');
      expect((await session.get('/pp/v1/cli-marker/whoami')).body).to.deep.equal({ user: 'admin', admin: true });
      expect(deployment.markerLines()).to.deep.equal(['init cli-marker', 'init cli-slow']);

      const result = await cli.stop('SIGTERM', 10_000);
      expect(result.code, cli.describe()).to.equal(0);
      expect(result.stdout).to.include('SIGTERM received');
      expect(deployment.markerLines()).to.deep.equal([
        'init cli-marker',
        'init cli-slow',
        'destroy cli-slow',
        'destroy cli-marker',
      ]);
    });

    it('answers a request that is in flight before exiting 0 when sent SIGTERM', async () => {
      deployment.writeConfig({ plugins: lifecyclePlugins(deployment) });
      const cli = start();
      const session = new HttpSession(await waitForListening(cli));
      expect((await session.login('admin', ADMIN_PASSWORD)).status).to.equal(200);

      const pending = session.get('/pp/v1/cli-slow/wait');
      await cli.waitForOutput(/slow request started/);
      cli.child.kill('SIGTERM');
      const answer = await pending;
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ waitedMs: 500 });
      expect((await cli.waitForExit(10_000)).code, cli.describe()).to.equal(0);
    });

    it('prints a generated admin password that logs in on first start, and none on the next start', async () => {
      deployment.writeConfig({ plugins: [] });
      const first = start({});
      const url = await waitForListening(first);
      const printed = first.stdout.match(/Created user 'admin' with password: (\S+)\n/);
      expect(printed, first.stdout).to.not.equal(null);
      const password = printed![1]!;
      expect((await new HttpSession(url).login('admin', password)).status).to.equal(200);
      expect((await first.stop('SIGINT', 10_000)).code, first.describe()).to.equal(0);
      expect(first.stdout.split(password)).to.have.length(2);

      const second = start({});
      const secondUrl = await waitForListening(second);
      expect(second.stdout).not.to.include('Created user');
      expect((await new HttpSession(secondUrl).login('admin', password)).status).to.equal(200);
      expect((await second.stop('SIGTERM', 10_000)).code, second.describe()).to.equal(0);
    });

    it('exits 1 with STRATOS_ERR_PLUGIN_LOAD_ABORTED when onPluginFailure is abort and a plugin is not installed', async () => {
      deployment.writeConfig({
        onPluginFailure: 'abort',
        plugins: ['cli-not-installed', { package: 'cli-marker', config: { markerFile: deployment.marker } }],
      });
      const result = await runCli(['start'], options({ STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD }));
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(
        /^stratos: 1 plugin\(s\) failed .*'cli-not-installed' \(STRATOS_ERR_LOADER_NOT_INSTALLED\).*\[STRATOS_ERR_PLUGIN_LOAD_ABORTED\]$/m,
      );
      expect(result.stdout).not.to.include('listening');
      // The plugin that did start is destroyed again before the process gives up.
      expect(deployment.markerLines()).to.deep.equal(['init cli-marker', 'destroy cli-marker']);
    });

    it('exits 1 with STRATOS_ERR_SERVER_LISTEN when the port is already in use', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        deployment.writeConfig({ plugins: [{ package: 'cli-marker', config: { markerFile: deployment.marker } }] });
        const result = await runCli(['start'], options({ STRATOS_PORT: String(port), STRATOS_ADMIN_PASSWORD: ADMIN_PASSWORD }));
        expect(result.code).to.equal(1);
        expect(result.stderr).to.match(
          new RegExp(
            `^stratos: The host cannot listen on '127\\.0\\.0\\.1:${port}'.*EADDRINUSE.*\\[STRATOS_ERR_SERVER_LISTEN\\]\\n$`,
          ),
        );
        expect(deployment.markerLines()).to.deep.equal(['init cli-marker', 'destroy cli-marker']);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  });
});
