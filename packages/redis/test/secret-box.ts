// Test key ring shared by the parent test and its worker processes.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../src/core-stand-in.js';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export function testSecretBox(): SecretBox {
  const key = Buffer.from(TEST_KEY, 'base64');
  return {
    async seal(plaintext, options) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(options?.associatedData ?? ''));
      const data = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `v1.test.${iv.toString('base64url')}.${data.toString('base64url')}`;
    },
    async open(envelope, options) {
      const [, , ivText, dataText] = envelope.split('.');
      const data = Buffer.from(dataText!, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText!, 'base64url'));
      decipher.setAAD(Buffer.from(options?.associatedData ?? ''));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([
        decipher.update(data.subarray(0, data.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
