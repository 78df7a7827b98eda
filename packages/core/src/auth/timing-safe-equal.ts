/**
 * Compares two strings in time that depends only on their lengths, so an
 * attacker probing a callback `state` learns nothing from response timing.
 * Pure JS so it runs outside Node too.
 */
export function timingSafeEqual(left: string, right: string): boolean {
  const a = new TextEncoder().encode(left);
  const b = new TextEncoder().encode(right);
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let index = 0; index < length; index += 1) {
    difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  }
  return difference === 0;
}
