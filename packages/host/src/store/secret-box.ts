import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts and decrypts secrets kept in the store. */
export interface SecretBox {
  encrypt(plain: string): string;
  /** Throws when `sealed` was not made with this key or was altered. */
  decrypt(sealed: string): string;
}

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 12-byte IV per value. A sealed value is text,
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a later format can sit beside it in the same column.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError(`an AES-256 key is 32 bytes, received ${key.length}`);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [FORMAT, iv, cipher.getAuthTag(), data]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(sealed) {
      const [format, iv, tag, data, extra] = sealed.split('.');
      if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined || extra !== undefined) {
        throw new Error(`not a sealed secret of format ${FORMAT}`);
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
