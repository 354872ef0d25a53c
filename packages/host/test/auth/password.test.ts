import { expect } from 'chai';
import { dummyHash, hashPassword, verifyPassword } from '../../src/auth/password.js';

describe('hashPassword', () => {
  it('produces a scrypt hash that does not contain the password when hashing', async () => {
    const hash = await hashPassword('correct horse battery');
    const parts = hash.split('$');
    expect(parts[0]).to.equal('scrypt');
    expect(parts).to.have.length(6);
    expect(hash).to.not.contain('correct horse battery');
    expect(hash).to.not.contain(Buffer.from('correct horse battery').toString('base64url'));
  });

  it('uses a different salt when the same password is hashed twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(a).to.not.equal(b);
    expect(a.split('$')[4]).to.not.equal(b.split('$')[4]);
  });
});

describe('verifyPassword', () => {
  it('returns true when the password matches the hash', async () => {
    expect(await verifyPassword('s3cret-pass', await hashPassword('s3cret-pass'))).to.equal(true);
  });

  it('returns false when the password differs', async () => {
    const hash = await hashPassword('s3cret-pass');
    expect(await verifyPassword('s3cret-pasS', hash)).to.equal(false);
    expect(await verifyPassword('', hash)).to.equal(false);
  });

  it('returns false when the hash is not a scrypt hash', async () => {
    expect(await verifyPassword('anything', 'plain-text')).to.equal(false);
    expect(await verifyPassword('anything', 'bcrypt$1$2$3$salt$hash')).to.equal(false);
  });

  it('accepts the same password in another Unicode normal form when comparing', async () => {
    // "é" as one code point and as "e" plus a combining accent.
    expect(await verifyPassword('caf\u0065\u0301-password', await hashPassword('caf\u00e9-password'))).to.equal(true);
  });
});

describe('dummyHash', () => {
  it('returns one valid hash that no ordinary password matches when called repeatedly', async () => {
    const hash = await dummyHash();
    expect(await dummyHash()).to.equal(hash);
    expect(hash.startsWith('scrypt$')).to.equal(true);
    expect(await verifyPassword('', hash)).to.equal(false);
  });
});
