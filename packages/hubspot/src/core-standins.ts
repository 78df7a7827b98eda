// Private stand-ins for the @int/core webhook HMAC helpers (issue 4), being
// built on another branch; replaced by the core exports once it is merged.

const encoder = new TextEncoder();

/** HMAC-SHA256 of `message` keyed with `secret`, base64. */
export async function hmacSha256Base64(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Constant-time comparison of two strings' bytes (time depends only on the longer length). */
export function timingSafeEqualText(expected: string, actual: string): boolean {
  const left = encoder.encode(expected);
  const right = encoder.encode(actual);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let index = 0; index < length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}
