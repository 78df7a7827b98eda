// PRIVATE STAND-IN for core's computeHmac / verifyHmac (issue 4, `webhooks-jobs`).
// Replace with the core functions once that branch is merged into main.

const encoder = new TextEncoder();

/** Lower-case hex HMAC-SHA256 of `payload` keyed with the UTF-8 bytes of `secret`, via WebCrypto. */
export async function hmacSha256Hex(
  secret: string,
  payload: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, payload));
  let hex = '';
  for (const byte of signature) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Compares two strings in time independent of where they differ (lengths are not secret). */
export function timingSafeEqualText(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) {
    difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  }
  return difference === 0;
}
