import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { HOST_CLI } from '../../helpers/cli-process.js';
import { linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { createNpmDeployment, listTree, OFFLINE_NPM_ENV, packFixture } from '../../helpers/npm-deployment.js';

describe('pluginsAddCommand (stratos plugins add)', function () {
  this.timeout(120_000);
  let packs: string;
  let good: string;
  let incompatible: string;
  let deployment: CliDeployment;

  before(() => {
    if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing; run 'npx tsc -b' first`);
    packs = mkdtempSync(path.join(tmpdir(), 'stratos-packs-'));
    good = packFixture('good', packs);
    incompatible = packFixture('sdk-range-unsatisfied', packs);
  });
  after(() => rmSync(packs, { recursive: true, force: true }));
  beforeEach(() => {
    deployment = createNpmDeployment();
    deployment.writeConfig({ server: { port: 0 }, plugins: [] });
  });
  afterEach(() => deployment.cleanup());

  const read = (name: string) => readFileSync(path.join(deployment.dir, name), 'utf8');

  it('installs a packed plugin, checks it and appends its entry when it is compatible', async () => {
    const result = await deployment.run(['plugins', 'add', good, '--json'], OFFLINE_NPM_ENV);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      configFile: deployment.file,
      package: 'good',
      id: 'good',
      version: '1.2.3',
      sdk: '^1.0.0',
      warnings: [],
      runningHost: null,
    });
    expect(deployment.readConfig().plugins).to.deep.equal(['good']);
    expect(JSON.parse(read('package.json')).dependencies).to.have.property('good');
    expect(existsSync(path.join(deployment.dir, 'node_modules/good/index.js'))).to.equal(true);
  });

  it('takes a tarball path relative to the working directory and reports in text without --json', async () => {
    const result = await deployment.run(['plugins', 'add', path.relative(deployment.dir, good)], OFFLINE_NPM_ENV);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(
      /Added plugin 'good' \(good@1\.2\.3\) to '.*stratos\.config\.json'; it loads when the host starts\n$/,
    );
  });

  it('undoes the install and leaves the config when the plugin needs another SDK', async () => {
    const before = { pkg: read('package.json'), lock: read('package-lock.json'), config: read('stratos.config.json') };
    const tree = listTree(path.join(deployment.dir, 'node_modules'));
    const result = await deployment.run(['plugins', 'add', incompatible, '--json'], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(
      /^stratos: Plugin 'sdk-range-unsatisfied' requires plugin-sdk '\^2\.0\.0'.*was undone \[STRATOS_ERR_COMPAT_SDK_RANGE\]\n$/,
    );
    expect(read('package.json')).to.equal(before.pkg);
    expect(read('package-lock.json')).to.equal(before.lock);
    expect(read('stratos.config.json')).to.equal(before.config);
    expect(listTree(path.join(deployment.dir, 'node_modules'))).to.deep.equal(tree);
  });

  it('says a configured, enabled package needs nothing added, without suggesting to enable it', async () => {
    deployment.writeConfig({ plugins: ['good'] });
    const result = await deployment.run(['plugins', 'add', good], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(/already has an enabled entry for package 'good'; nothing to add/);
    expect(result.stderr).not.to.include('plugins enable');
    expect(result.stderr).to.match(/\[STRATOS_ERR_CONFIG_PLUGIN_EXISTS\]\n$/);
    expect(existsSync(path.join(deployment.dir, 'node_modules/good'))).to.equal(false);
  });

  it('says the package is not a Stratos plugin without mentioning removing it from the config', async () => {
    const before = { pkg: read('package.json'), config: read('stratos.config.json') };
    // --json keeps npm's own output off stderr.
    const result = await deployment.run(['plugins', 'add', packFixture('no-manifest', packs), '--json'], OFFLINE_NPM_ENV);
    expect(result.stdout).to.equal('');
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(
      /^stratos: Package 'no-manifest' is not a Stratos plugin: its package\.json has no "stratosPlugin" field, so it was not added; 'npm install .*no-manifest-1\.0\.0\.tgz' was undone \[STRATOS_ERR_MANIFEST_MISSING\]\n$/,
    );
    expect(read('package.json')).to.equal(before.pkg);
    expect(read('stratos.config.json')).to.equal(before.config);
  });

  it('says an id clash keeps the package out, without asking to remove a package from the config', async () => {
    (deployment as ReturnType<typeof createNpmDeployment>).npm(['install', good]);
    deployment.writeConfig({ plugins: ['good'] });
    const before = read('stratos.config.json');
    const result = await deployment.run(['plugins', 'add', packFixture('duplicate-id', packs), '--json'], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(
      /^stratos: Plugin 'good' from package 'duplicate-id' has the same id as the configured package 'good'; ids must be unique, so it was not added; 'npm install .*' was undone \[STRATOS_ERR_PLUGIN_DUPLICATE_ID\]\n$/,
    );
    expect(read('stratos.config.json')).to.equal(before);
    expect(existsSync(path.join(deployment.dir, 'node_modules/duplicate-id'))).to.equal(false);
  });

  it('refuses a package folder whose package.json names no valid package, pointing at that package.json', async () => {
    mkdirSync(path.join(deployment.dir, 'bad'));
    writeFileSync(path.join(deployment.dir, 'bad/package.json'), JSON.stringify({ name: 'Bad Name', version: '1.0.0' }));
    const result = await deployment.run(['plugins', 'add', './bad'], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      `stratos: Plugin package 'Bad Name' is not a valid npm package name (name can only contain URL-friendly characters); fix "name" in the package.json of './bad' [STRATOS_ERR_LOADER_INVALID_NAME]\n`,
    );
  });

  for (const [name, reason] of [
    ['Bad Name', 'name can only contain URL-friendly characters'],
    ['UPPER', 'name can no longer contain capital letters'],
    ['UPPER@^1.0.0', 'name can no longer contain capital letters'],
  ] as const) {
    it(`refuses '${name}' without running npm, blaming the command-line argument, not the config`, async () => {
      const before = read('package.json');
      const result = await deployment.run(['plugins', 'add', name], OFFLINE_NPM_ENV);
      expect(result.code).to.equal(1);
      expect(linesOf(result.stderr)).to.have.length(1);
      const pkg = name.replace(/@.*$/, '');
      expect(result.stderr).to.equal(
        `stratos: Plugin package '${pkg}' is not a valid npm package name (${reason}); check the name given to 'stratos plugins add' [STRATOS_ERR_LOADER_INVALID_NAME]\n`,
      );
      expect(read('package.json')).to.equal(before);
    });
  }

  it('refuses without running npm when the package is already configured', async () => {
    deployment.writeConfig({ plugins: [{ package: 'good', enabled: false }] });
    const result = await deployment.run(['plugins', 'add', good], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('[STRATOS_ERR_CONFIG_PLUGIN_EXISTS]');
    expect(existsSync(path.join(deployment.dir, 'node_modules/good'))).to.equal(false);
  });

  it('exits 1 with STRATOS_ERR_CLI_PACKAGE_SPEC when the tarball cannot be read', async () => {
    const result = await deployment.run(['plugins', 'add', './missing-1.0.0.tgz'], OFFLINE_NPM_ENV);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('[STRATOS_ERR_CLI_PACKAGE_SPEC]');
  });

  it('prints its usage when run with --help', async () => {
    const result = await deployment.run(['plugins', 'add', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: stratos plugins add <package>\[@<range>\]/);
  });
});
