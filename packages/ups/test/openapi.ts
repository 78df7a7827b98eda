import { readFileSync } from 'node:fs';
import type { RecordedCall } from '@int/core/testing';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// UPS's published specs (MIT), copied unchanged: see fixtures/openapi/NOTICE.md.
export type SpecName =
  | 'Rating'
  | 'Shipping'
  | 'Tracking'
  | 'AddressValidation'
  | 'OAuthClientCredentials';

type Json = Record<string, unknown>;
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: {
    content: Record<string, { schema: Json; examples?: Record<string, { value: unknown }> }>;
  };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/**
 * Where a schema contradicts UPS's own description or examples, the schema is
 * corrected before validation. Each erratum is tested: the uncorrected schema
 * rejects a body this package sends at exactly these places.
 */
export const ERRATA: ReadonlyArray<{
  spec: SpecName;
  schema: string;
  why: string;
  fix(schema: Json): void;
}> = [
  {
    spec: 'Rating',
    schema: 'RateRequest_Request',
    why: '`RequestOption` is required but is no property: it moved to the path (/Rate, /Shop)',
    fix: (schema) => {
      schema.required = [];
    },
  },
  {
    spec: 'Rating',
    schema: 'Shipment_Service',
    why: '`Code` is 3 characters long in the schema, 2 in its own list of codes and in every example ("03")',
    fix: (schema) => {
      Object.assign((schema.properties as Json).Code as Json, { minLength: 2, maxLength: 2 });
    },
  },
];

const DIR = new URL('./fixtures/openapi/', import.meta.url);
const specs = new Map<string, Spec>();

/**
 * Parses a spec. Two repairs let a strict YAML parser read what UPS published
 * (TAB characters, and a quoted text in Shipping.yaml continued on lines less
 * indented than its key); neither changes a schema.
 */
export function loadSpec(name: SpecName, withErrata = true): Spec {
  const key = `${name}:${withErrata}`;
  const cached = specs.get(key);
  if (cached) return cached;
  const text = readFileSync(new URL(`${name}.yaml`, DIR), 'utf8')
    .replace(/\t/g, '  ')
    .replace(/is 30, \r?\n {10}the value/, 'is 30, the value')
    .replace(/0005\.\r?\n {10}\(SHIP_FROM/, '0005. (SHIP_FROM');
  const spec = parse(text) as Spec;
  for (const erratum of withErrata ? ERRATA : []) {
    const schema = spec.components?.schemas?.[erratum.schema];
    if (erratum.spec !== name) continue;
    if (!schema) throw new Error(`${name}: no schema ${erratum.schema} to correct`);
    erratum.fix(schema);
  }
  closeObjects(spec.components?.schemas ?? {});
  specs.set(key, spec);
  return spec;
}

/**
 * UPS's schemas never say `additionalProperties`, so any unknown key would pass
 * and a misspelt or misplaced field (Shipping's names in a Rating body) would go
 * unnoticed. Every object schema with `properties` is closed before validating:
 * a key the spec does not declare at that place is an error.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Json;
  if (
    schema.properties &&
    typeof schema.properties === 'object' &&
    !('additionalProperties' in schema)
  ) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

export function operationOf(name: SpecName, path: string, method: string): Operation {
  const operation = loadSpec(name).paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${name}: no ${method} ${path}`);
  return operation;
}

// A CommonJS module: its default export arrives as the function or wrapped in `default`.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
const validators = new Map<string, (value: unknown) => ErrorObject[]>();

/** The request schema of an operation as an ajv validator (`$ref`s resolved by ajv against the spec). */
function validatorFor(name: SpecName, path: string, method: string, withErrata: boolean) {
  const key = `${name} ${method} ${path} ${withErrata}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const spec = loadSpec(name, withErrata);
  const content = spec.paths[path]?.[method.toLowerCase()]?.requestBody?.content ?? {};
  const schema = Object.values(content)[0]?.schema;
  if (!schema) throw new Error(`${name}: ${method} ${path} has no request schema`);
  // OpenAPI 3.0 adds keywords (`example`, `xml`) and writes `maximum` on strings: not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: `${name}.json`, components: spec.components ?? {} });
  const compiled = ajv.compile(
    typeof schema.$ref === 'string' ? { $ref: `${name}.json${schema.$ref}` } : schema,
  );
  const validate = (value: unknown) => (compiled(value) ? [] : [...(compiled.errors ?? [])]);
  validators.set(key, validate);
  return validate;
}

/** `instancePath message` of every place the body breaks the operation's request schema. */
export function schemaErrors(
  name: SpecName,
  path: string,
  method: string,
  body: unknown,
  withErrata = true,
): string[] {
  return validatorFor(
    name,
    path,
    method,
    withErrata,
  )(body).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/** The body of a recorded call as the schema sees it: JSON, or the form's fields. */
export function bodyOf(call: RecordedCall): unknown {
  return call.headers['content-type']?.includes('x-www-form-urlencoded')
    ? Object.fromEntries(call.form())
    : call.json();
}

/** Names of the header and query parameters the spec marks required for an operation. */
export function requiredParameters(name: SpecName, path: string, method: string): string[] {
  return (operationOf(name, path, method).parameters ?? [])
    .filter((parameter) => parameter.required && parameter.in !== 'path')
    .map((parameter) => `${parameter.in}:${parameter.name}`);
}
