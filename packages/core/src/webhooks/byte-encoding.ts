// Pure JS (no Buffer, no atob): runs on Node, browsers and edge runtimes, and
// table lookups beat regex + parseInt on the 32-64 byte signatures verified here.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';

// Tables are built in pure calls, not top-level loops: a bundle that never
// verifies a webhook drops them (a loop at the top of a module is always kept).

/** Character code to 6-bit value; -1 for anything outside the base64 alphabet. */
const BASE64_VALUE = /* @__PURE__ */ codeTable(ALPHABET);

/** Character code to 4-bit value, either case; -1 for anything else. */
const HEX_VALUE = /* @__PURE__ */ codeTable(HEX, HEX.toUpperCase());

const BYTE_TO_HEX = /* @__PURE__ */ Array.from(
  { length: 256 },
  (_, byte) => HEX[byte >> 4]! + HEX[byte & 15]!,
);

/** Each character's code to its index in its alphabet; -1 for every other code below 128. */
function codeTable(...alphabets: string[]): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (const alphabet of alphabets) {
    for (let index = 0; index < alphabet.length; index++) table[alphabet.charCodeAt(index)] = index;
  }
  return table;
}

function base64Value(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (BASE64_VALUE[code] as number) : -1;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  const whole = bytes.length - (bytes.length % 3);
  for (let index = 0; index < whole; index += 3) {
    const triple =
      ((bytes[index] as number) << 16) |
      ((bytes[index + 1] as number) << 8) |
      (bytes[index + 2] as number);
    text +=
      ALPHABET[triple >> 18]! +
      ALPHABET[(triple >> 12) & 63]! +
      ALPHABET[(triple >> 6) & 63]! +
      ALPHABET[triple & 63]!;
  }
  if (bytes.length - whole === 1) {
    const single = bytes[whole] as number;
    text += `${ALPHABET[single >> 2]!}${ALPHABET[(single & 3) << 4]!}==`;
  } else if (bytes.length - whole === 2) {
    const pair = ((bytes[whole] as number) << 8) | (bytes[whole + 1] as number);
    text += `${ALPHABET[pair >> 10]!}${ALPHABET[(pair >> 4) & 63]!}${ALPHABET[(pair & 15) << 2]!}=`;
  }
  return text;
}

/**
 * Strict: only canonical, padded base64 decodes. A lenient decoder maps
 * several strings (non-zero padding bits, missing padding) to the same bytes,
 * so a tampered signature header could still be accepted.
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === 61) {
    padding = text.charCodeAt(length - 2) === 61 ? 2 : 1;
  }
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  const full = padding === 0 ? length : length - 4;
  let out = 0;
  for (let index = 0; index < full; index += 4) {
    const a = base64Value(text, index);
    const b = base64Value(text, index + 1);
    const c = base64Value(text, index + 2);
    const d = base64Value(text, index + 3);
    if ((a | b | c | d) < 0) return undefined;
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = triple >> 16;
    bytes[out++] = (triple >> 8) & 255;
    bytes[out++] = triple & 255;
  }
  if (padding > 0) {
    const a = base64Value(text, full);
    const b = base64Value(text, full + 1);
    if ((a | b) < 0) return undefined;
    if (padding === 2) {
      // The 4 bits below the single byte must be zero in canonical base64.
      if ((b & 15) !== 0) return undefined;
      bytes[out] = (a << 2) | (b >> 4);
    } else {
      const c = base64Value(text, full + 2);
      if (c < 0 || (c & 3) !== 0) return undefined;
      bytes[out++] = (a << 2) | (b >> 4);
      bytes[out] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += BYTE_TO_HEX[byte]!;
  return hex;
}

/** Accepts either case; anything but an even run of hex digits is undefined. */
export function hexToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    const high = text.charCodeAt(index * 2);
    const low = text.charCodeAt(index * 2 + 1);
    const value =
      ((high < 128 ? (HEX_VALUE[high] as number) : -1) << 4) |
      (low < 128 ? (HEX_VALUE[low] as number) : -1);
    if (value < 0) return undefined;
    bytes[index] = value;
  }
  return bytes;
}

/**
 * Compares every byte whatever the first difference, so the time taken does
 * not reveal how much of a forged signature was right. Lengths are public.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let index = 0; index < a.byteLength; index++)
    difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

/**
 * The same for ASCII text such as hex or base64 signatures: every character
 * is compared whatever the first difference. Lengths are public.
 */
export function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++)
    difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}
