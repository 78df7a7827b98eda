/**
 * Gives a provider's error class what core's classes have: a `Symbol.for`
 * brand under `@int/<package>/error/<name>`, so `isInstance` holds across
 * duplicated package copies, and an explicit `name` (minifiers rename classes).
 * Returns the brand, so it is written as the class's static field,
 * `static readonly brand = /* @__PURE__ *\/ brandErrorClass(this, 'acme', 'AcmeError')`:
 * bundlers then drop a class the app never uses (a call after the class
 * would keep every one). Called on its own after the class, it works too.
 */
export function brandErrorClass(
  errorClass: { prototype: object },
  packageName: string,
  name: string,
): symbol {
  const brand = Symbol.for(`@int/${packageName}/error/${name}`);
  // Configurable and writable: the static field form sets `brand` again with the value
  // returned (defined in ES2022 classes, assigned where class fields are compiled down).
  Object.defineProperty(errorClass, 'brand', { value: brand, configurable: true, writable: true });
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  Object.defineProperty(errorClass.prototype, 'name', {
    value: name,
    writable: true,
    configurable: true,
  });
  return brand;
}
