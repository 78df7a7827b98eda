import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, SecretBox, SecretBoxError } from '../src/index.js';

const KEY_1 = SecretBox.generateKey();
const KEY_2 = SecretBox.generateKey();
const box = new SecretBox([{ id: 'k1', key: KEY_1 }]);

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

async function openFailure(target: SecretBox, envelope: string, associatedData?: string) {
  return target.open(envelope, { associatedData }).then(
    () => {
      throw new Error('expected open to fail');
    },
    (error: unknown) => error as SecretBoxError,
  );
}

function expectNoKeyMaterial(error: Error) {
  for (const key of [KEY_1, KEY_2]) {
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
  }
}

describe('SecretBox', () => {
  it('round-trips text and bytes with the v1 envelope', async () => {
    const envelope = await box.seal('refresh-token-🔑');
    expect(envelope).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    const [, , iv, data] = envelope.split('.');
    expect(fromB64url(iv!)).toHaveLength(12);
    expect(fromB64url(data!)).toHaveLength(
      new TextEncoder().encode('refresh-token-🔑').length + 16,
    );
    expect(await box.open(envelope)).toBe('refresh-token-🔑');
    const bytes = new Uint8Array([0, 255, 1, 254]);
    expect(await box.openBytes(await box.seal(bytes))).toEqual(bytes);
    expect(await box.seal('same')).not.toBe(await box.seal('same'));
  });

  it('tampering with any byte of iv or ciphertext+tag fails with a typed error', async () => {
    const envelope = await box.seal('a secret worth protecting');
    const [version, keyId, ivText, dataText] = envelope.split('.') as [
      string,
      string,
      string,
      string,
    ];
    const iv = fromB64url(ivText);
    const data = fromB64url(dataText);
    for (const [part, bytes] of [
      ['iv', iv],
      ['data', data],
    ] as const) {
      for (let index = 0; index < bytes.length; index += 1) {
        const copy = new Uint8Array(bytes);
        copy[index] = copy[index]! ^ 0x01;
        const tampered =
          part === 'iv'
            ? [version, keyId, b64url(copy), dataText].join('.')
            : [version, keyId, ivText, b64url(copy)].join('.');
        const error = await openFailure(box, tampered);
        expect(error).toBeInstanceOf(SecretBoxError);
        expect(error.reason).toBe('decrypt_failed');
      }
    }
  });

  it('tampering anywhere, as a property: a random bit flip never opens', async () => {
    const envelope = await box.seal('property tamper target');
    const [version, keyId, ivText, dataText] = envelope.split('.') as [
      string,
      string,
      string,
      string,
    ];
    const raw = new Uint8Array([...fromB64url(ivText), ...fromB64url(dataText)]);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: raw.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        async (index, bit) => {
          const copy = new Uint8Array(raw);
          copy[index] = copy[index]! ^ (1 << bit);
          const tampered = [version, keyId, b64url(copy.slice(0, 12)), b64url(copy.slice(12))].join(
            '.',
          );
          expect(await openFailure(box, tampered)).toBeInstanceOf(SecretBoxError);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a wrong key fails with a typed error and no key material', async () => {
    const envelope = await box.seal('secret');
    const other = new SecretBox([{ id: 'k1', key: KEY_2 }]);
    const error = await openFailure(other, envelope);
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error.reason).toBe('decrypt_failed');
    expect(error.keyId).toBe('k1');
    expectNoKeyMaterial(error);
  });

  it('associated data must match', async () => {
    const envelope = await box.seal('secret', { associatedData: 'tokens:user-1' });
    expect(await box.open(envelope, { associatedData: 'tokens:user-1' })).toBe('secret');
    expect((await openFailure(box, envelope, 'tokens:user-2')).reason).toBe('decrypt_failed');
    expect((await openFailure(box, envelope)).reason).toBe('decrypt_failed');
    const plain = await box.seal('secret');
    expect((await openFailure(box, plain, 'tokens:user-1')).reason).toBe('decrypt_failed');
  });

  it('the key id is authenticated: relabelling an envelope fails', async () => {
    const ring = new SecretBox([
      { id: 'k2', key: KEY_1 },
      { id: 'k1', key: KEY_1 },
    ]);
    const envelope = await ring.seal('secret');
    const relabelled = envelope.replace(/^v1\.k2\./, 'v1.k1.');
    expect((await openFailure(ring, relabelled)).reason).toBe('decrypt_failed');
  });

  it('rotation: seals with the newest key and still opens old envelopes', async () => {
    const old = await box.seal('sealed before rotation');
    const rotated = new SecretBox([
      { id: 'k2', key: KEY_2 },
      { id: 'k1', key: KEY_1 },
    ]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(await rotated.open(old)).toBe('sealed before rotation');
    const fresh = await rotated.seal('sealed after rotation');
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    const unknown = await openFailure(box, fresh);
    expect(unknown.reason).toBe('unknown_key');
    expect(unknown.keyId).toBe('k2');
  });

  it('malformed envelopes fail with a typed error', async () => {
    const good = await box.seal('x');
    for (const bad of [
      '',
      'nope',
      'v2.k1.aaa.bbb',
      'v1.k1.!!!.bbb',
      'v1..aaaaaaaaaaaaaaaa.bbb',
      `${good}.extra`,
      'v1.k1.AAAA.AAAA',
    ]) {
      const error = await openFailure(box, bad);
      expect(error).toBeInstanceOf(SecretBoxError);
      expect(error.reason).toBe('malformed');
    }
  });

  it('round-trips any plaintext and associated data (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.option(fc.string(), { nil: undefined }),
        async (text, aad) => {
          const envelope = await box.seal(text, { associatedData: aad });
          expect(await box.open(envelope, { associatedData: aad })).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        expect(await box.openBytes(await box.seal(bytes))).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });
});

describe('SecretBox.fromEnv and keys', () => {
  it('reads one key (base64url or base64) as id "default"', async () => {
    const standard = Buffer.from(fromB64url(KEY_1)).toString('base64');
    const fromUrl = SecretBox.fromEnv('INT_ENCRYPTION_KEY', { INT_ENCRYPTION_KEY: KEY_1 });
    const fromStandard = SecretBox.fromEnv('INT_ENCRYPTION_KEY', { INT_ENCRYPTION_KEY: standard });
    expect(fromUrl.currentKeyId).toBe('default');
    expect(await fromStandard.open(await fromUrl.seal('same key'))).toBe('same key');
  });

  it('reads a ring "id:key,id:key", newest first', async () => {
    const ring = SecretBox.fromEnv('KEYS', { KEYS: `k2:${KEY_2}, k1:${KEY_1}` });
    expect(ring.currentKeyId).toBe('k2');
    expect(await ring.open(await box.seal('old'))).toBe('old');
  });

  it('reads process.env by default', () => {
    process.env.INT_TEST_SECRET_BOX_KEY = KEY_1;
    try {
      expect(SecretBox.fromEnv('INT_TEST_SECRET_BOX_KEY').currentKeyId).toBe('default');
    } finally {
      delete process.env.INT_TEST_SECRET_BOX_KEY;
    }
  });

  it('gives a clear ConfigurationError when missing or not 32 bytes, without the key', () => {
    const missing = (() => {
      try {
        SecretBox.fromEnv('INT_ENCRYPTION_KEY', {});
      } catch (error) {
        return error as ConfigurationError;
      }
    })();
    expect(missing).toBeInstanceOf(ConfigurationError);
    expect(missing!.message).toContain('INT_ENCRYPTION_KEY');
    expect(missing!.option).toBe('INT_ENCRYPTION_KEY');
    const short = Buffer.from('only-sixteen-byt').toString('base64');
    for (const value of [
      short,
      'not base64 at all!',
      `k1:${KEY_1},${KEY_2}`,
      `k1:${KEY_1},k1:${KEY_2}`,
      `bad.id:${KEY_1}`,
    ]) {
      let caught: unknown;
      try {
        SecretBox.fromEnv('INT_ENCRYPTION_KEY', { INT_ENCRYPTION_KEY: value });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigurationError);
      expect((caught as Error).message).toContain('INT_ENCRYPTION_KEY');
      expect((caught as Error).message).not.toContain(short);
      expectNoKeyMaterial(caught as Error);
    }
    expect(
      (() => {
        try {
          SecretBox.fromEnv('INT_ENCRYPTION_KEY', { INT_ENCRYPTION_KEY: short });
        } catch (error) {
          return (error as Error).message;
        }
      })(),
    ).toMatch(/32 bytes/);
  });

  it('generateKey gives 32 random bytes in base64url', () => {
    expect(fromB64url(KEY_1)).toHaveLength(32);
    expect(KEY_1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(KEY_1).not.toBe(KEY_2);
  });

  it('accepts raw key bytes and refuses an empty ring', async () => {
    const raw = new SecretBox([{ id: 'raw', key: fromB64url(KEY_1) }]);
    const viaText = new SecretBox([{ id: 'raw', key: KEY_1 }]);
    expect(await viaText.open(await raw.seal('bytes'))).toBe('bytes');
    expect(() => new SecretBox([])).toThrow(ConfigurationError);
  });
});
