import { fromBase64, toBase64Url } from './base64url.js';
import { ConfigurationError, SecretBoxError } from './errors.js';
import * as platform from './platform/platform.js';

/** One key of a ring: an id (written into every envelope) and 32 raw bytes. */
export interface SecretBoxKey {
  /** Letters, digits, `_` and `-`; stored in the clear, so never secret. */
  id: string;
  /** 32 bytes, or their base64/base64url text. */
  key: Uint8Array | string;
}

export interface SealOptions {
  /**
   * Bound to the ciphertext but not stored in it (e.g. the token store key),
   * so an envelope copied to another record fails to open. Default: none.
   */
  associatedData?: string | Uint8Array | undefined;
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Copies caller bytes so WebCrypto gets a plain ArrayBuffer-backed view.
const utf8 = (value: string | Uint8Array): Uint8Array<ArrayBuffer> =>
  typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value);

/**
 * Authenticated encryption for secrets at rest (tokens in a durable store):
 * AES-256-GCM through WebCrypto, so it runs in Node, browsers and edge
 * runtimes. Envelope: `v1.<keyId>.<iv>.<ciphertext+tag>`, parts in base64url.
 * The first key of the ring seals; every key opens, so keys can be rotated.
 */
export class SecretBox {
  readonly #keys: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
  readonly #currentId: string;
  readonly #imported = new Map<string, Promise<CryptoKey>>();

  /** `keys[0]` seals; all of them open. */
  constructor(keys: ReadonlyArray<SecretBoxKey>) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new ConfigurationError('SecretBox needs at least one key.', { option: 'keys' });
    }
    const ring = new Map<string, Uint8Array<ArrayBuffer>>();
    for (const entry of keys) {
      if (!entry || typeof entry.id !== 'string' || !KEY_ID.test(entry.id)) {
        throw new ConfigurationError(
          'SecretBox key ids must be 1 to 64 letters, digits, "_" or "-".',
          {
            option: 'keys',
          },
        );
      }
      if (ring.has(entry.id)) {
        throw new ConfigurationError(`SecretBox key id "${entry.id}" appears twice.`, {
          option: 'keys',
        });
      }
      const bytes = typeof entry.key === 'string' ? fromBase64(entry.key.trim()) : entry.key;
      if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
        // The message names the key id and the rule, never the key.
        throw new ConfigurationError(
          `SecretBox key "${entry.id}" must be 32 bytes (base64 or base64url text, or raw bytes).`,
          { option: 'keys' },
        );
      }
      ring.set(entry.id, new Uint8Array(bytes));
    }
    this.#keys = ring;
    this.#currentId = keys[0]!.id;
  }

  /**
   * Reads a key ring from an environment variable. Format: one base64 or
   * base64url key of 32 bytes (id `default`), or `id:key` entries separated
   * by commas, newest first: `k2:BASE64,k1:BASE64`.
   */
  static fromEnv(
    name = 'INT_ENCRYPTION_KEY',
    env: Record<string, string | undefined> = readEnv(),
  ): SecretBox {
    const value = env[name]?.trim();
    if (!value) {
      throw new ConfigurationError(
        `Encryption key is missing. Set ${name} to a 32-byte key in base64 (generate one with SecretBox.generateKey()).`,
        { option: name },
      );
    }
    const keys: SecretBoxKey[] = value.split(',').map((part, index) => {
      const entry = part.trim();
      const colon = entry.indexOf(':');
      if (colon < 0) {
        if (index > 0 || value.includes(',')) {
          throw new ConfigurationError(
            `${name}: every entry of a key ring needs an id, as in "k2:BASE64,k1:BASE64".`,
            {
              option: name,
            },
          );
        }
        return { id: 'default', key: entry };
      }
      return { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
    });
    try {
      return new SecretBox(keys);
    } catch (error) {
      const message = (error as Error).message;
      throw new ConfigurationError(`${name}: ${message}`, { option: name });
    }
  }

  /** A new random 32-byte key as base64url text, ready for `INT_ENCRYPTION_KEY`. */
  static generateKey(): string {
    return toBase64Url(platform.randomBytes(32));
  }

  /** The id new envelopes are sealed with. */
  get currentKeyId(): string {
    return this.#currentId;
  }

  async seal(plaintext: string | Uint8Array, options: SealOptions = {}): Promise<string> {
    const iv = platform.randomBytes(IV_BYTES);
    const key = await this.#cryptoKey(this.#currentId);
    const sealed = await globalThis.crypto.subtle.encrypt(
      {
        name: 'AES-GCM',
        iv,
        additionalData: additionalData(this.#currentId, options.associatedData),
        tagLength: 128,
      },
      key,
      utf8(plaintext),
    );
    return [VERSION, this.#currentId, toBase64Url(iv), toBase64Url(new Uint8Array(sealed))].join(
      '.',
    );
  }

  /** Opens an envelope to UTF-8 text. Throws `SecretBoxError`. */
  async open(envelope: string, options: SealOptions = {}): Promise<string> {
    const bytes = await this.openBytes(envelope, options);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new SecretBoxError('Sealed value is not UTF-8 text; use openBytes().', {
        reason: 'malformed',
      });
    }
  }

  /** Opens an envelope to raw bytes. Throws `SecretBoxError`. */
  async openBytes(envelope: string, options: SealOptions = {}): Promise<Uint8Array> {
    const parts = typeof envelope === 'string' ? envelope.split('.') : [];
    const [version, keyId, ivText, dataText] = parts;
    if (parts.length !== 4 || version !== VERSION || !keyId || !KEY_ID.test(keyId)) {
      throw new SecretBoxError('Sealed value is not a v1 SecretBox envelope.', {
        reason: 'malformed',
      });
    }
    const iv = fromBase64(ivText ?? '');
    const data = fromBase64(dataText ?? '');
    if (!iv || iv.length !== IV_BYTES || !data || data.length < TAG_BYTES) {
      throw new SecretBoxError('Sealed value is not a v1 SecretBox envelope.', {
        reason: 'malformed',
        keyId,
      });
    }
    if (!this.#keys.has(keyId)) {
      throw new SecretBoxError(`Sealed value uses key "${keyId}", which is not in the key ring.`, {
        reason: 'unknown_key',
        keyId,
      });
    }
    try {
      const opened = await globalThis.crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv,
          additionalData: additionalData(keyId, options.associatedData),
          tagLength: 128,
        },
        await this.#cryptoKey(keyId),
        data,
      );
      return new Uint8Array(opened);
    } catch {
      throw new SecretBoxError(
        `Sealed value failed authentication with key "${keyId}" (tampered, wrong key or wrong associated data).`,
        { reason: 'decrypt_failed', keyId },
      );
    }
  }

  #cryptoKey(id: string): Promise<CryptoKey> {
    let key = this.#imported.get(id);
    if (!key) {
      key = globalThis.crypto.subtle.importKey('raw', this.#keys.get(id)!, 'AES-GCM', false, [
        'encrypt',
        'decrypt',
      ]);
      this.#imported.set(id, key);
    }
    return key;
  }
}

// The envelope header is authenticated too, so its key id cannot be swapped.
function additionalData(
  keyId: string,
  associated: string | Uint8Array | undefined,
): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(`${VERSION}.${keyId}.`);
  const extra = associated === undefined ? new Uint8Array(0) : utf8(associated);
  const result = new Uint8Array(header.length + extra.length);
  result.set(header);
  result.set(extra, header.length);
  return result;
}

function readEnv(): Record<string, string | undefined> {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}
