/**
 * Gives a provider's error class what core's classes have: a `Symbol.for`
 * brand under `@int/<package>/error/<name>`, so `isInstance` holds across
 * duplicated package copies, and an explicit `name` (minifiers rename classes).
 */
export function brandErrorClass(
  errorClass: { prototype: object },
  packageName: string,
  name: string,
): void {
  const brand = Symbol.for(`@int/${packageName}/error/${name}`);
  Object.defineProperty(errorClass, 'brand', { value: brand });
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  Object.defineProperty(errorClass.prototype, 'name', {
    value: name,
    writable: true,
    configurable: true,
  });
}
