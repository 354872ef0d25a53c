import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { addUser } from '../../../src/auth/users.js';
import { parseEncryptionKey } from '../../../src/store/encryption-key.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { HOST_CLI } from '../../helpers/cli-process.js';
import { createCliDeployment, linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { FakeRunningHost } from '../../helpers/fake-running-host.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

interface DoctorJson {
  ok: boolean;
  findings: Array<{ level: string; subject: string; message: string; code?: string }>;
}

describe('doctorCommand (stratos doctor)', function () {
  this.timeout(30_000);
  let deployment: CliDeployment;
  before(() => {
    if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing; run 'npx tsc -b' first`);
  });
  beforeEach(() => {
    deployment = createCliDeployment(true);
  });
  afterEach(() => deployment.cleanup());

  const healthy = { server: { port: 0 }, plugins: ['good', 'dep-base', 'dep-child', { package: 'init-throws', enabled: false }] };
  const doctorJson = async (env: Record<string, string> = {}) => {
    const result = await deployment.run(['doctor', '--json'], env);
    return { result, report: JSON.parse(result.stdout) as DoctorJson };
  };
  const errorsOf = (report: DoctorJson) => report.findings.filter((f) => f.level === 'error');

  it('prints only ok lines and exits 0 when the deployment is healthy', async () => {
    deployment.writeConfig(healthy);
    const result = await deployment.run(['doctor']);
    expect(result.code, result.stderr).to.equal(0);
    const lines = linesOf(result.stdout);
    expect(
      lines.every((line) => line.startsWith('ok ')),
      result.stdout,
    ).to.equal(true);
    expect(lines).to.include(`ok config: '${deployment.file}' is valid`);
    expect(lines).to.include("ok plugin 'init-throws': disabled; not checked");
    expect(lines.some((line) => line.startsWith("ok plugin 'dep-child': version 1.0.0"))).to.equal(true);
    expect(lines.some((line) => line.startsWith('ok encryption key:'))).to.equal(true);
    expect(result.stderr).to.equal('');
  });

  it('reports ok true and one finding per check when run with --json on a healthy deployment', async () => {
    deployment.writeConfig(healthy);
    const { result, report } = await doctorJson();
    expect(result.code).to.equal(0);
    expect(report.ok).to.equal(true);
    expect(report.findings.map((f) => f.subject)).to.deep.equal([
      'config',
      "plugin 'good'",
      "plugin 'dep-base'",
      "plugin 'dep-child'",
      "plugin 'init-throws'",
      'data directory',
      'encryption key',
      'administrator',
      'running host',
      'port',
    ]);
  });

  it('reports STRATOS_ERR_CONFIG_INVALID and checks nothing else when the config is invalid', async () => {
    deployment.writeConfig({ server: { port: 'eighty' }, plugins: ['good'] });
    const result = await deployment.run(['doctor']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stdout)).to.have.length(1);
    expect(result.stdout).to.match(
      /^error config: Invalid config in '.*' at \/server\/port: .* \[STRATOS_ERR_CONFIG_INVALID\]\n$/,
    );
    expect(linesOf(result.stderr)).to.deep.equal(['stratos: doctor found 1 error(s); fix them before starting']);
  });

  it('gives each broken plugin its code and keeps checking the others when plugins are broken', async () => {
    deployment.writeConfig({
      server: { port: 0 },
      plugins: ['good', 'not-installed-here', 'invalid-manifest', 'cycle-a', 'cycle-b', 'sdk-range-unsatisfied', 'dep-missing'],
    });
    const { result, report } = await doctorJson();
    expect(result.code).to.equal(1);
    expect(report.ok).to.equal(false);
    expect(errorsOf(report).map((f) => [f.subject, f.code])).to.deep.equal([
      ["plugin 'not-installed-here'", 'STRATOS_ERR_LOADER_NOT_INSTALLED'],
      ["plugin 'invalid-manifest'", 'STRATOS_ERR_MANIFEST_INVALID'],
      ["plugin 'cycle-a'", 'STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE'],
      ["plugin 'cycle-b'", 'STRATOS_ERR_PLUGIN_DEPENDENCY_CYCLE'],
      ["plugin 'sdk-range-unsatisfied'", 'STRATOS_ERR_COMPAT_SDK_RANGE'],
      ["plugin 'dep-missing'", 'STRATOS_ERR_PLUGIN_DEPENDENCY_MISSING'],
    ]);
    expect(report.findings.find((f) => f.subject === "plugin 'good'")?.level).to.equal('ok');
  });

  it('reports the shape, the import and the plugin config when entries or config are wrong', async () => {
    deployment.writeConfig({
      server: { port: 0 },
      plugins: [{ package: 'good', config: { greeting: 5 } }, 'unbranded', 'import-fails', 'duplicate-id'],
    });
    const { report } = await doctorJson();
    expect(errorsOf(report).map((f) => f.code)).to.deep.equal([
      'STRATOS_ERR_PLUGIN_INVALID_CONFIG',
      'STRATOS_ERR_PLUGIN_INVALID_SHAPE',
      'STRATOS_ERR_LOADER_IMPORT_FAILED',
    ]);
  });

  it('reports a duplicate id and never runs init when two packages share an id', async () => {
    deployment.writeConfig({ server: { port: 0 }, plugins: ['good', 'duplicate-id', 'init-throws'] });
    const { report } = await doctorJson();
    expect(errorsOf(report).map((f) => [f.subject, f.code])).to.deep.equal([
      ["plugin 'good'", 'STRATOS_ERR_PLUGIN_DUPLICATE_ID'],
    ]);
    // init-throws fails only in init(): doctor imports it but must not initialise it.
    expect(report.findings.find((f) => f.subject === "plugin 'init-throws'")?.level).to.equal('ok');
  });

  it('reports STRATOS_ERR_STORE_KEY_MISMATCH when the key does not open the stored secrets', async () => {
    deployment.writeConfig({ server: { port: 0 }, plugins: [] });
    const dataDir = path.join(deployment.dir, 'data');
    await openSqliteStore(dataDir, MIGRATIONS, { encryptionKey: () => parseEncryptionKey(KEY_A, 'test') }).close();
    const wrong = await doctorJson({ STRATOS_ENCRYPTION_KEY: KEY_B });
    expect(wrong.result.code).to.equal(1);
    expect(errorsOf(wrong.report).map((f) => [f.subject, f.code])).to.deep.equal([
      ['encryption key', 'STRATOS_ERR_STORE_KEY_MISMATCH'],
    ]);
    const missing = await doctorJson();
    expect(errorsOf(missing.report).map((f) => f.code)).to.deep.equal(['STRATOS_ERR_STORE_KEY_MISSING']);
    const right = await doctorJson({ STRATOS_ENCRYPTION_KEY: KEY_A });
    expect(right.result.code).to.equal(0);
    expect(right.report.findings.find((f) => f.subject === 'encryption key')?.message).to.equal(
      'STRATOS_ENCRYPTION_KEY opens the stored secrets',
    );
    expect(existsSync(path.join(dataDir, 'encryption.key')), 'doctor must not create a key file').to.equal(false);
  });

  it('reports STRATOS_ERR_SERVER_LISTEN when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      deployment.writeConfig({ server: { host: '127.0.0.1', port }, plugins: [] });
      const { result, report } = await doctorJson();
      expect(result.code).to.equal(1);
      expect(errorsOf(report).map((f) => [f.subject, f.code])).to.deep.equal([['port', 'STRATOS_ERR_SERVER_LISTEN']]);
      expect(errorsOf(report)[0]!.message).to.include(`'127.0.0.1:${port}': port ${port} is in use by another process`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('tries the address for port 0 too and reports STRATOS_ERR_SERVER_LISTEN when the host does not resolve', async () => {
    // A label longer than 63 characters fails in the local resolver: no DNS query leaves the machine.
    const host = `${'x'.repeat(64)}.invalid`;
    deployment.writeConfig({ server: { host, port: 0 }, plugins: [] });
    const { result, report } = await doctorJson();
    expect(result.code).to.equal(1);
    expect(errorsOf(report).map((f) => [f.subject, f.code])).to.deep.equal([['port', 'STRATOS_ERR_SERVER_LISTEN']]);
    expect(errorsOf(report)[0]!.message).to.include(
      `the host address '${host}' does not resolve or is not an address of this machine`,
    );
    const local = await doctorJson({ STRATOS_HOST: '127.0.0.1' });
    expect(local.report.findings.find((f) => f.subject === 'port')?.message).to.equal(
      "'127.0.0.1' can be listened on; the system picks a free port at start",
    );
  });

  it('reports STRATOS_ERR_AUTH_WEAK_PASSWORD naming STRATOS_ADMIN_PASSWORD only while no administrator exists', async () => {
    deployment.writeConfig({ server: { port: 0 }, plugins: [] });
    const weak = await doctorJson({ STRATOS_ADMIN_PASSWORD: 'short' });
    expect(weak.result.code).to.equal(1);
    expect(errorsOf(weak.report).map((f) => [f.subject, f.code])).to.deep.equal([
      ['administrator', 'STRATOS_ERR_AUTH_WEAK_PASSWORD'],
    ]);
    expect(errorsOf(weak.report)[0]!.message).to.include("user 'admin' from STRATOS_ADMIN_PASSWORD is too short");
    expect(existsSync(path.join(deployment.dir, 'data')), 'doctor must not create the data directory').to.equal(false);

    const good = await doctorJson({ STRATOS_ADMIN_PASSWORD: 'long-enough-1' });
    expect(good.result.code).to.equal(0);
    expect(good.report.findings.find((f) => f.subject === 'administrator')?.message).to.equal(
      "none yet; the next start creates 'admin' with the password from STRATOS_ADMIN_PASSWORD",
    );

    const store = openSqliteStore(path.join(deployment.dir, 'data'));
    await addUser(store, 'root', 'root-password-1', true);
    await store.close();
    const existing = await doctorJson({ STRATOS_ADMIN_PASSWORD: 'short' });
    expect(existing.result.code).to.equal(0);
    expect(existing.report.findings.find((f) => f.subject === 'administrator')?.message).to.equal(
      'one exists; STRATOS_ADMIN_PASSWORD is ignored',
    );
  });

  it('warns with STRATOS_ERR_CLI_HOST_RUNNING, and still exits 0, when a host runs on the data directory', async () => {
    deployment.writeConfig({ server: { port: 0 }, plugins: [] });
    const dataDir = path.join(deployment.dir, 'data');
    const running = await FakeRunningHost.start(dataDir, deployment.file, []);
    try {
      const { result, report } = await doctorJson();
      expect(result.code, result.stderr).to.equal(0);
      const finding = report.findings.find((f) => f.subject === 'running host');
      expect(finding).to.include({ level: 'warn', code: 'STRATOS_ERR_CLI_HOST_RUNNING' });
      expect(finding!.message).to.include(`'${dataDir}' (pid ${running.child.pid}, http://127.0.0.1:45999)`);
    } finally {
      await running.stop();
    }
    const { report } = await doctorJson();
    expect(report.findings.find((f) => f.subject === 'running host')).to.include({ level: 'ok' });
  });

  it('reports STRATOS_ERR_STORE_OPEN when the data directory cannot be created', async () => {
    writeFileSync(path.join(deployment.dir, 'occupied'), 'a file, not a folder');
    deployment.writeConfig({ server: { port: 0 }, dataDir: './occupied/data', plugins: [] });
    const { report } = await doctorJson();
    expect(errorsOf(report).map((f) => [f.subject, f.code])).to.deep.equal([['data directory', 'STRATOS_ERR_STORE_OPEN']]);
  });

  it('prints its usage and exits 0 when run with --help', async () => {
    const result = await deployment.run(['doctor', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: stratos doctor \[--config <file>\] \[--json\]/);
  });

  it('exits non-zero with a one-line usage error when given an unknown option', async () => {
    const result = await deployment.run(['doctor', '--fast']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('[STRATOS_ERR_CLI_USAGE]');
  });
});
