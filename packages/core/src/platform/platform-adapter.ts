import type { RuntimeInfo } from './runtime-info.js';

export type DigestAlgorithm = 'sha256' | 'sha512';

/** How a digest is written out: lowercase hex or canonical padded base64. */
export type DigestEncoding = 'hex' | 'base64';

/** Text is hashed as its UTF-8 bytes. */
export type CryptoInput = string | Uint8Array;

/**
 * What differs between runtimes, in one place: the transport, HMAC, hashing,
 * randomness and the runtime's name. Two implementations exist: the Node one
 * (`node:http` and `node:crypto`, falling back to the web one at run time
 * when the code finds itself elsewhere) and the web one (fetch and WebCrypto
 * only). Package.json conditions pick one per build; see `platform.ts`.
 *
 * Each adapter module exports these members one by one (not as an object),
 * so a bundler drops what an app does not use: a webhook-only function never
 * carries the transport.
 */
export interface PlatformAdapter {
  /** Which implementation this is. */
  readonly name: 'node' | 'web';
  /** The runtime, for the User-Agent. */
  runtime(): RuntimeInfo;
  /**
   * The transport under ofetch when the caller passes no `fetch`: `node:http`
   * keep-alive agents on Node.js; `undefined` elsewhere, meaning the global
   * `fetch` looked up per call. Its `Headers` is the class ofetch should
   * build request headers with for it (cheaper than the runtime's).
   */
  nodeTransport(): NodeTransport | undefined;
  /** HMAC of `message` under `secret`: synchronous on node:crypto, a promise on WebCrypto. */
  hmac(
    algorithm: DigestAlgorithm,
    secret: CryptoInput,
    message: CryptoInput,
  ): Uint8Array | Promise<Uint8Array>;
  /**
   * The same HMAC written out as text, which is how signatures arrive: on Node
   * the encoding happens natively, with no byte buffer in between.
   */
  hmacText(
    algorithm: DigestAlgorithm,
    secret: CryptoInput,
    message: CryptoInput,
    encoding: DigestEncoding,
  ): string | Promise<string>;
  /** A plain hash: synchronous on node:crypto, a promise on WebCrypto. */
  hash(algorithm: DigestAlgorithm, data: CryptoInput): Uint8Array | Promise<Uint8Array>;
  /** Equal bytes, compared in time that depends only on the lengths. */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** Cryptographically strong random bytes. */
  randomBytes(length: number): Uint8Array<ArrayBuffer>;
  /** A random v4 UUID. */
  randomUUID(): string;
  /**
   * A store that follows async calls (Node's `AsyncLocalStorage`), or null
   * where the runtime offers none; then call context is simply not carried.
   */
  asyncContext<T>(): AsyncContextStorage<T> | null;
}

/** The part of `AsyncLocalStorage` that call context uses. */
export interface AsyncContextStorage<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

/** The Node.js transport: a `fetch`, and the headers class it reads without copying. */
export type NodeTransport = typeof fetch & { readonly Headers: typeof Headers };
