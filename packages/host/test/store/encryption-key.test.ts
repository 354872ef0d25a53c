import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENCRYPTION_KEY_FILE, parseEncryptionKey, resolveEncryptionKey } from '../../src/store/encryption-key.js';
import { errorOf } from '../helpers/caught.js';

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);

  it('reads 32 bytes written as hex, base64 or base64url', () => {
    for (const text of [key.toString('hex'), key.toString('base64'), key.toString('base64url'), ` ${key.toString('hex')}\n`]) {
      expect(parseEncryptionKey(text, 'test').key.equals(key), text).to.equal(true);
    }
  });

  it('throws STRATOS_ERR_STORE_KEY_INVALID without echoing the value when it is not 32 bytes', () => {
    for (const text of [
      'short',
      randomBytes(16).toString('hex'),
      randomBytes(48).toString('base64'),
      `${key.toString('hex')}zz`,
    ]) {
      const error = errorOf(() => parseEncryptionKey(text, 'STRATOS_ENCRYPTION_KEY'));
      expect(error.code, text).to.equal('STRATOS_ERR_STORE_KEY_INVALID');
      expect(error.message).to.include('The encryption key from STRATOS_ENCRYPTION_KEY is not usable; expected 32 bytes');
      expect(error.message).not.to.include(text);
    }
  });
});

describe('resolveEncryptionKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'stratos-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses STRATOS_ENCRYPTION_KEY and writes no file when it is set', () => {
    const key = randomBytes(32);
    const resolved = resolveEncryptionKey(dataDir, { STRATOS_ENCRYPTION_KEY: key.toString('base64') }, true)!;
    expect(resolved.key.equals(key)).to.equal(true);
    expect(resolved.source).to.equal('STRATOS_ENCRYPTION_KEY');
    expect(existsSync(path.join(dataDir, ENCRYPTION_KEY_FILE))).to.equal(false);
  });

  it('creates a key file with mode 0600 and reuses it when no variable is set', () => {
    const first = resolveEncryptionKey(dataDir, {}, true)!;
    const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(first.source).to.equal(`key file '${file}'`);
    const second = resolveEncryptionKey(dataDir, {}, false)!;
    expect(second.key.equals(first.key)).to.equal(true);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.key)).to.equal(true);
  });

  it('returns undefined and creates nothing when there is no key and none may be made', () => {
    expect(resolveEncryptionKey(dataDir, {}, false)).to.equal(undefined);
    expect(existsSync(path.join(dataDir, ENCRYPTION_KEY_FILE))).to.equal(false);
  });

  it('throws STRATOS_ERR_STORE_KEY_INVALID naming the file when the key file is damaged', () => {
    const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
    writeFileSync(file, 'garbage\n', { mode: 0o600 });
    const error = errorOf(() => resolveEncryptionKey(dataDir, {}, true));
    expect(error.code).to.equal('STRATOS_ERR_STORE_KEY_INVALID');
    expect(error.message).to.include(`key file '${file}'`);
  });
});
