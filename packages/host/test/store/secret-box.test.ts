import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../../src/store/secret-box.js';

describe('createSecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed when the key is the same', () => {
    for (const plain of ['', 'token-1', 'ünïcødé ✓', 'x'.repeat(5000)]) expect(box.decrypt(box.encrypt(plain))).to.equal(plain);
  });

  it('seals in the versioned text format with a fresh IV each time', () => {
    const a = box.encrypt('same');
    const b = box.encrypt('same');
    expect(a).to.match(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.to.equal(b);
    expect(a).not.to.include('same');
  });

  it('throws when the key is another one', () => {
    const sealed = box.encrypt('secret');
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed)).to.throw();
  });

  it('throws when the sealed value was altered or is not in the format', () => {
    const [format, iv, tag, data] = box.encrypt('secret').split('.');
    const flipped = `${data![0] === 'A' ? 'B' : 'A'}${data!.slice(1)}`;
    expect(() => box.decrypt([format, iv, tag, flipped].join('.'))).to.throw();
    expect(() => box.decrypt('plain text')).to.throw('not a sealed secret of format v1');
    expect(() => box.decrypt(`v2.${iv}.${tag}.${data}`)).to.throw('not a sealed secret of format v1');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16))).to.throw(RangeError);
  });
});
