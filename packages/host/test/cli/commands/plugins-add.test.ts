import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
