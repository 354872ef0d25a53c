import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createCliDeployment, linesOf, type CliDeployment } from '../../helpers/cli-deployment.js';
import { createNpmDeployment, OFFLINE_NPM_ENV, packFixture } from '../../helpers/npm-deployment.js';

describe('pluginsRemoveCommand (stratos plugins remove)', function () {
  this.timeout(120_000);
  let deployment: CliDeployment;
  afterEach(() => deployment.cleanup());

  it('removes the entry and keeps the package installed when run without --uninstall', async () => {
    deployment = createCliDeployment(true);
    deployment.writeConfig({ plugins: ['good', { package: 'dep-base', enabled: false }] });
    const result = await deployment.run(['plugins', 'remove', 'dep-base']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^Removed plugin package 'dep-base' from '.*'\n$/);
    expect(deployment.readConfig().plugins).to.deep.equal(['good']);
  });

  it('also runs npm uninstall when run with --uninstall', async () => {
    const packs = mkdtempSync(path.join(tmpdir(), 'stratos-packs-'));
    try {
      deployment = createNpmDeployment();
      (deployment as ReturnType<typeof createNpmDeployment>).npm(['install', packFixture('good', packs)]);
      deployment.writeConfig({ plugins: ['good'] });
      const result = await deployment.run(['plugins', 'remove', 'good', '--uninstall', '--json'], OFFLINE_NPM_ENV);
      expect(result.code, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout)).to.deep.equal({
        configFile: deployment.file,
        package: 'good',
        uninstalled: true,
        runningHost: null,
      });
      expect(deployment.readConfig().plugins).to.deep.equal([]);
      expect(existsSync(path.join(deployment.dir, 'node_modules/good'))).to.equal(false);
      expect(JSON.parse(readFileSync(path.join(deployment.dir, 'package.json'), 'utf8')).dependencies).not.to.have.property(
        'good',
      );
    } finally {
      rmSync(packs, { recursive: true, force: true });
    }
  });

  it('removes the entry whose installed package has the given manifest id when named by id', async () => {
    deployment = createCliDeployment(true);
    deployment.writeConfig({ plugins: ['dep-base', { package: 'duplicate-id', enabled: false }] });
    const result = await deployment.run(['plugins', 'remove', 'good', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      configFile: deployment.file,
      package: 'duplicate-id',
      uninstalled: false,
      runningHost: null,
    });
    expect(deployment.readConfig().plugins).to.deep.equal(['dep-base']);
  });

  it('exits 1 with STRATOS_ERR_CLI_NO_CONFIG_FILE, saying how to create one, when there is no config file', async () => {
    deployment = createCliDeployment(true);
    const result = await deployment.run(['plugins', 'remove', 'good']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include(`There is no config file in '${deployment.dir}'`);
    expect(result.stderr).to.include("'stratos plugins add <package>' creates");
    expect(result.stderr).to.match(/\[STRATOS_ERR_CLI_NO_CONFIG_FILE\]\n$/);
    expect(existsSync(deployment.file)).to.equal(false);
  });

  it('exits 1 with STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN when the package is not configured', async () => {
    deployment = createCliDeployment(true);
    deployment.writeConfig({ plugins: ['good'] });
    const result = await deployment.run(['plugins', 'remove', 'dep-base']);
    expect(result.code).to.equal(1);
    expect(linesOf(result.stderr)).to.have.length(1);
    expect(result.stderr).to.include('[STRATOS_ERR_CONFIG_UNKNOWN_PLUGIN]');
  });

  it('prints its usage when run with --help', async () => {
    deployment = createCliDeployment(false);
    const result = await deployment.run(['plugins', 'remove', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: stratos plugins remove <id\|package> \[--uninstall\]/);
  });
});
