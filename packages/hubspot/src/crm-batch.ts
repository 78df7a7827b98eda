import {
  type ApiError,
  apiErrorClassFor,
  type BatchFailure,
  endpoint,
  type ProviderClient,
  type RequestOptions,
  runBatch,
  ValidationIssues,
} from '@int/core';
import type {
  BatchCreateInput,
  BatchReadOptions,
  BatchResult,
  BatchUpdateInput,
  BatchUpsertInput,
  CrmObjectsApi,
  HubSpotObject,
} from './crm-types.js';
import { hubSpotErrorDetails } from './hubspot-errors.js';
import {
  checkProperties,
  checkStringList,
  idText,
  toPropertyStrings,
  writeBody,
} from './validation.js';

/** HubSpot accepts at most 100 inputs per batch request. */
export const BATCH_INPUT_LIMIT = 100;

interface BatchResponse {
  results?: HubSpotObject[];
  errors?: Array<Record<string, unknown>>;
}

/** An input as sent, with what a 207 answer may name it by. */
interface Prepared {
  id: string | undefined;
  traceId: string | undefined;
  wire: Record<string, unknown>;
}

type Prepare<Input> = (inputs: ReadonlyArray<Input>, issues: ValidationIssues) => Prepared[];

const asList = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return [];
};

/** One input HubSpot refused in a 207: the core class its category stands for. */
function inputError(entry: Record<string, unknown>, operation: string): ApiError {
  const details = hubSpotErrorDetails(entry);
  const status =
    details.category === 'CONFLICT' ? 409 : details.category === 'OBJECT_NOT_FOUND' ? 404 : 400;
  const message =
    typeof entry.message === 'string' ? entry.message : 'HubSpot rejected this input.';
  return new (apiErrorClassFor(status))(message, {
    status,
    code: details.category,
    body: entry,
    details,
    provider: 'hubspot',
    operation,
  });
}

/** Reads a chunk's answer: results, and each input a 207 named (or, unnamed, that got no result). */
function chunkFailures<Input>(
  response: BatchResponse | undefined,
  chunk: Prepared[],
  inputs: Input[],
  offset: number,
  operation: string,
): Array<BatchFailure<Input>> {
  const failed = new Map<number, ApiError>();
  const named = (item: Prepared, traceIds: Set<unknown>, ids: Set<unknown>) =>
    (item.traceId !== undefined && traceIds.has(item.traceId)) ||
    (item.id !== undefined && ids.has(item.id));
  let unmatched: ApiError | undefined;
  for (const entry of response?.errors ?? []) {
    const context = (entry.context ?? {}) as Record<string, unknown>;
    const traceIds = new Set(asList(context.objectWriteTraceId));
    const ids = new Set([...asList(context.ids), ...asList(context.id), ...asList(entry.id)]);
    const error = inputError(entry, operation);
    const hits = chunk.filter(
      (item, position) => !failed.has(position) && named(item, traceIds, ids),
    );
    for (const item of hits) failed.set(chunk.indexOf(item), error);
    if (hits.length === 0) unmatched ??= error;
  }
  if (unmatched) {
    // HubSpot did not say which input: blame the inputs that got no result.
    const results = response?.results ?? [];
    const traced = new Set(results.map((result) => result.objectWriteTraceId).filter(Boolean));
    const resultIds = new Set(results.map((result) => result.id));
    chunk.forEach((item, position) => {
      if (failed.has(position) || named(item, traced, resultIds)) return;
      if (traced.size === 0 && resultIds.size > 0 && item.id === undefined) return;
      failed.set(position, unmatched);
    });
  }
  return [...failed].map(([position, error]) => ({
    index: offset + position,
    input: inputs[position] as Input,
    error,
  }));
}

function isList(inputs: unknown, issues: ValidationIssues): inputs is unknown[] {
  if (!Array.isArray(inputs)) issues.add(['inputs'], 'must be a list');
  return Array.isArray(inputs);
}

function prepareIds(
  inputs: ReadonlyArray<string | { id: string }>,
  issues: ValidationIssues,
): Prepared[] {
  if (!isList(inputs, issues)) return [];
  return inputs.map((input, index) => {
    const id = typeof input === 'string' ? input : input?.id;
    issues.id(['inputs', index, 'id'], id);
    return { id: idText(id), traceId: undefined, wire: { id: idText(id) } };
  });
}

/** Every write carries an `objectWriteTraceId` (yours or its index), so HubSpot answers 207. */
function prepareWrites<Input extends { objectWriteTraceId?: string | undefined }>(
  shape: (input: Input, index: number, issues: ValidationIssues) => Record<string, unknown>,
): Prepare<Input> {
  return (inputs, issues) => {
    if (!isList(inputs, issues)) return [];
    const seen = new Set<string>();
    return inputs.map((input: Input, index) => {
      if (!issues.object(['inputs', index], input)) return { id: undefined, traceId: '', wire: {} };
      const given = input.objectWriteTraceId;
      if (given !== undefined && typeof given !== 'string')
        issues.add(['inputs', index, 'objectWriteTraceId'], 'must be a string');
      const traceId = typeof given === 'string' ? given : String(index);
      if (seen.has(traceId)) issues.add(['inputs', index, 'objectWriteTraceId'], 'must be unique');
      seen.add(traceId);
      const wire = shape(input, index, issues);
      checkProperties(issues, ['inputs', index, 'properties'], wire.properties);
      const id = wire.id === undefined ? undefined : String(wire.id);
      return { id, traceId, wire: { ...wire, objectWriteTraceId: traceId } };
    });
  };
}

/** `id` and `idProperty` of an update (`idProperty` optional) or an upsert (required). */
const withId =
  (required: boolean) =>
  (
    input: { id: string; idProperty?: string | undefined; properties: unknown },
    index: number,
    issues: ValidationIssues,
  ) => {
    issues.id(['inputs', index, 'id'], input.id);
    if (required) issues.nonEmptyString(['inputs', index, 'idProperty'], input.idProperty);
    else issues.optionalString(['inputs', index, 'idProperty'], input.idProperty);
    return {
      id: idText(input.id),
      ...(input.idProperty ? { idProperty: input.idProperty } : {}),
      properties: toPropertyStrings(input.properties),
    };
  };

/**
 * The batch endpoints of one object type on core's batch rule: any number of
 * inputs, 100 per request, `concurrency` requests at a time; a 207's failed
 * inputs and a chunk that failed after its retries land in `errors`; a
 * failure that would fail every chunk (401, 403, daily quota, abort) rejects.
 */
export function createBatchApi(
  client: ProviderClient,
  base: string,
  objectType: string,
  concurrency: number,
): CrmObjectsApi['batch'] {
  const run = <Input, Options extends RequestOptions = RequestOptions>(
    name: string,
    prepare: Prepare<Input>,
    idempotent: boolean,
    extra?: (issues: ValidationIssues, options: Options | undefined) => Record<string, unknown>,
  ) => {
    const operation = `${objectType}.batch.${name}`;
    // Reads, upserts by a unique property and archives land the same however often they are sent.
    const target = endpoint<BatchResponse>({
      operation,
      method: 'POST',
      path: `${base}/batch/${name}`,
      idempotent,
    });
    return async (inputs: ReadonlyArray<Input>, options?: Options): Promise<BatchResult<Input>> => {
      const issues = new ValidationIssues('hubspot', operation);
      const prepared = prepare(inputs, issues);
      const extraBody = extra?.(issues, options);
      issues.throwIfAny();
      return runBatch(inputs, {
        chunkSize: BATCH_INPUT_LIMIT,
        concurrency,
        signal: options?.signal,
        async send(chunk, offset) {
          const wire = prepared.slice(offset, offset + chunk.length);
          const body = { ...extraBody, inputs: wire.map((item) => item.wire) };
          const response = await client.call(target, { body }, options);
          const errors = chunkFailures(response, wire, chunk, offset, operation);
          return { results: response?.results ?? [], errors };
        },
      });
    };
  };
  return {
    read: run<string | { id: string }, BatchReadOptions>(
      'read',
      prepareIds,
      true,
      (issues, options) => {
        checkStringList(issues, ['properties'], options?.properties);
        return {
          properties: options?.properties ?? [],
          propertiesWithHistory: options?.propertiesWithHistory ?? [],
          ...(options?.idProperty ? { idProperty: options.idProperty } : {}),
        };
      },
    ),
    create: run('create', prepareWrites<BatchCreateInput>(writeBody), false),
    update: run('update', prepareWrites<BatchUpdateInput>(withId(false)), false),
    upsert: run('upsert', prepareWrites<BatchUpsertInput>(withId(true)), true),
    archive: run('archive', prepareIds, true),
  };
}
