/**
 * A short, safe rendering of any value for an error message. `String()` and
 * `JSON.stringify()` throw a TypeError on a null-prototype object, a symbol
 * or a BigInt, which would replace the typed error being built.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint': {
      const digits = String(value);
      return digits.length > 40 ? `a ${digits.length}-digit BigInt` : `${digits}n`;
    }
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'an array';
      if (value instanceof Date) return 'a Date';
      return 'an object';
  }
}
