import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPackageDir } from '../../src/loader/find-package-dir.js';
import { FIXTURE_PLUGINS_DIR } from '../helpers/test-host.js';

describe('findPackageDir', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stratos-find-'));
    for (const name of ['plain', '@acme/scoped', 'other/node_modules/nested']) {
      mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name }));
    }
    mkdirSync(path.join(dir, 'node_modules', 'no-package-json'), { recursive: true });
    mkdirSync(path.join(dir, 'app', 'deep', 'er'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds unscoped and scoped packages when they are in node_modules of the starting folder', () => {
    expect(findPackageDir('plain', dir)).to.equal(path.join(dir, 'node_modules', 'plain'));
    expect(findPackageDir('@acme/scoped', dir)).to.equal(path.join(dir, 'node_modules', '@acme', 'scoped'));
  });

  it('walks up to a parent node_modules when the starting folder has none', () => {
    expect(findPackageDir('plain', path.join(dir, 'app', 'deep', 'er'))).to.equal(path.join(dir, 'node_modules', 'plain'));
  });

  it("prefers a package's own node_modules over its parent's when both hold the name", () => {
    mkdirSync(path.join(dir, 'node_modules', 'other', 'node_modules', 'plain'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'other', 'node_modules', 'plain', 'package.json'), '{}');
    const from = path.join(dir, 'node_modules', 'other');
    expect(findPackageDir('plain', from)).to.equal(path.join(from, 'node_modules', 'plain'));
    expect(findPackageDir('nested', from)).to.equal(path.join(from, 'node_modules', 'nested'));
  });

  it('skips node_modules/node_modules when starting inside a node_modules folder', () => {
    // Node never looks in node_modules/node_modules; a package there must not be picked.
    const decoy = path.join(dir, 'node_modules', 'node_modules', '@acme', 'scoped');
    mkdirSync(decoy, { recursive: true });
    writeFileSync(path.join(decoy, 'package.json'), '{}');
    expect(findPackageDir('@acme/scoped', path.join(dir, 'node_modules', 'plain'))).to.equal(
      path.join(dir, 'node_modules', '@acme', 'scoped'),
    );
  });

  it('returns undefined when the folder has no package.json', () => {
    expect(findPackageDir('no-package-json', dir)).to.equal(undefined);
  });

  it('returns undefined when the package is installed nowhere up to the root', () => {
    expect(findPackageDir('stratos-fixture-absent', dir)).to.equal(undefined);
  });

  it('finds a fixture plugin when starting from the fixtures folder', () => {
    expect(findPackageDir('good', FIXTURE_PLUGINS_DIR)).to.equal(path.join(FIXTURE_PLUGINS_DIR, 'node_modules', 'good'));
  });
});
