/**
 * An API key as key-based APIs accept it (Stripe, and the many that follow it):
 * `Authorization: Bearer <key>`, or HTTP Basic with the key as the user name
 * and an empty password. For `createFakeApi`'s `auth.credential`.
 */
export function keyCredential(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const nonEmpty = (value: string | undefined) => (value ? value : undefined);
  if (/^bearer /i.test(header)) return nonEmpty(header.slice(7).trim());
  try {
    if (/^basic /i.test(header)) return nonEmpty(atob(header.slice(6).trim()).split(':')[0]);
  } catch {
    // Not base64: no key.
  }
  return undefined;
}
