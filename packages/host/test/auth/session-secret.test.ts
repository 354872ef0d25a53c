import { expect } from 'chai';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSessionSecret, SESSION_KEY_FILE } from '../../src/auth/session-secret.js';

describe('loadSessionSecret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-secret-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a random key file readable only by its owner when none exists', () => {
    const secret = loadSessionSecret(dataDir, {});
    const file = path.join(dataDir, SESSION_KEY_FILE);
    expect(secret.length).to.be.at.least(32);
    expect(readFileSync(file, 'utf8').trim()).to.equal(secret);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
  });

  it('returns the same key when called again on the same data directory', () => {
    const first = loadSessionSecret(dataDir, {});
    expect(loadSessionSecret(dataDir, {})).to.equal(first);
  });

  it('returns different keys when data directories differ', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'stratos-secret-'));
    try {
      expect(loadSessionSecret(dataDir, {})).to.not.equal(loadSessionSecret(other, {}));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('tightens the file mode to 0600 when an existing key file is readable by others', () => {
    const file = path.join(dataDir, SESSION_KEY_FILE);
    writeFileSync(file, 'existing-key\n');
    chmodSync(file, 0o644);
    expect(loadSessionSecret(dataDir, {})).to.equal('existing-key');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
  });

  it('uses STRATOS_SESSION_SECRET and writes no file when the variable is set', () => {
    loadSessionSecret(dataDir, {});
    expect(loadSessionSecret(dataDir, { STRATOS_SESSION_SECRET: 'shared-by-all-hosts' })).to.equal('shared-by-all-hosts');

    const fresh = mkdtempSync(path.join(tmpdir(), 'stratos-secret-'));
    try {
      expect(loadSessionSecret(fresh, { STRATOS_SESSION_SECRET: 'shared-by-all-hosts' })).to.equal('shared-by-all-hosts');
      expect(() => statSync(path.join(fresh, SESSION_KEY_FILE))).to.throw();
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
