import {
  AbortError,
  ApiError,
  AuthenticationError,
  IntegrationError,
  QuotaExceededError,
} from '@int/core';
import type { AssociationInput, HubSpotObject, HubSpotPropertyInput } from './crm-types.js';
import type { HubSpotErrorDetail } from './hubspot-errors.js';
import type { Transport } from './transport.js';
import { type Issues, idText, toPropertyStrings } from './validation.js';

/** HubSpot accepts at most 100 inputs per batch request. */
export const BATCH_INPUT_LIMIT = 100;

export interface BatchReadInput {
  id: string;
}

export interface BatchCreateInput {
  properties: HubSpotPropertyInput;
  associations?: AssociationInput[] | undefined;
  /** Names this input in a 207 answer. Default: its index in your list. */
  objectWriteTraceId?: string | undefined;
}

export interface BatchUpdateInput {
  id: string;
  properties: HubSpotPropertyInput;
  /** A unique property that `id` holds a value of (e.g. `email`). */
  idProperty?: string | undefined;
  objectWriteTraceId?: string | undefined;
}

export interface BatchUpsertInput {
  /** The value of `idProperty` (e.g. an email address). */
  id: string;
  /** A unique property, e.g. `email` for contacts or `domain` for companies. */
  idProperty: string;
  properties: HubSpotPropertyInput;
  objectWriteTraceId?: string | undefined;
}

/** Why one input failed, as HubSpot said it (or the error of its whole request). */
export interface BatchItemError {
  message: string;
  /** HubSpot's `status` in a 207 entry (`error`), or the HTTP status when the request failed. */
  status?: string | number;
  category?: string;
  subCategory?: unknown;
  context?: Record<string, unknown>;
  errors?: HubSpotErrorDetail[];
  links?: Record<string, string>;
  /** The thrown error, when the whole request of this input failed. */
  cause?: IntegrationError;
  [key: string]: unknown;
}

export interface BatchFailure<I> {
  input: I;
  objectWriteTraceId: string | undefined;
  error: BatchItemError;
}

export interface BatchResult<I> {
  results: HubSpotObject[];
  /** One entry per failed input; empty when everything succeeded. */
  errors: Array<BatchFailure<I>>;
  /** Requests sent. */
  requests: number;
}

export interface BatchReadOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  /** Read by a unique property instead of the record id. */
  idProperty?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface BatchOptions {
  signal?: AbortSignal | undefined;
}

interface BatchResponse {
  status?: string;
  results?: HubSpotObject[];
  errors?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

interface Prepared<I> {
  input: I;
  id: string | undefined;
  traceId: string | undefined;
  wire: Record<string, unknown>;
}

const asList = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return [];
};

function itemError(entry: Record<string, unknown>): BatchItemError {
  return {
    ...entry,
    message: typeof entry.message === 'string' ? entry.message : 'HubSpot rejected this input.',
  } as BatchItemError;
}

function requestError(error: IntegrationError): BatchItemError {
  if (ApiError.isInstance(error)) {
    const fields = error as ApiError & {
      category?: string;
      subCategory?: string;
      context?: Record<string, unknown>;
      errors?: HubSpotErrorDetail[];
    };
    return {
      message: error.message,
      status: error.status,
      category: fields.category,
      subCategory: fields.subCategory,
      context: fields.context,
      errors: fields.errors,
      cause: error,
    };
  }
  return { message: error.message, cause: error };
}

/** Errors that make sending the other chunks pointless. */
const stopsEverything = (error: unknown): boolean =>
  QuotaExceededError.isInstance(error) ||
  AbortError.isInstance(error) ||
  AuthenticationError.isInstance(error);

/**
 * Splits `inputs` into chunks of 100, sends them with bounded concurrency and
 * reports every input that failed, whether HubSpot named it in a 207 or its
 * whole request failed.
 */
export async function runBatch<I>(
  transport: Transport,
  options: {
    operation: string;
    path: string;
    prepared: Array<Prepared<I>>;
    extraBody?: Record<string, unknown>;
    idempotent: boolean;
    signal?: AbortSignal;
  },
): Promise<BatchResult<I>> {
  const chunks: Array<Array<Prepared<I>>> = [];
  for (let index = 0; index < options.prepared.length; index += BATCH_INPUT_LIMIT) {
    chunks.push(options.prepared.slice(index, index + BATCH_INPUT_LIMIT));
  }
  const perChunk: Array<{ results: HubSpotObject[]; errors: Array<BatchFailure<I>> }> = [];
  let next = 0;
  let requests = 0;
  let fatal: IntegrationError | undefined;

  const runChunk = async (chunkIndex: number): Promise<void> => {
    const chunk = chunks[chunkIndex]!;
    if (fatal) {
      perChunk[chunkIndex] = {
        results: [],
        errors: chunk.map((item) => ({
          input: item.input,
          objectWriteTraceId: item.traceId,
          error: requestError(fatal!),
        })),
      };
      return;
    }
    requests += 1;
    let response: BatchResponse | undefined;
    try {
      response = await transport.request<BatchResponse>({
        method: 'POST',
        path: options.path,
        body: { ...options.extraBody, inputs: chunk.map((item) => item.wire) },
        operation: options.operation,
        idempotent: options.idempotent,
        signal: options.signal,
      });
    } catch (error) {
      if (!IntegrationError.isInstance(error)) throw error;
      if (AbortError.isInstance(error)) throw error;
      if (stopsEverything(error)) fatal = error;
      perChunk[chunkIndex] = {
        results: [],
        errors: chunk.map((item) => ({
          input: item.input,
          objectWriteTraceId: item.traceId,
          error: requestError(error),
        })),
      };
      return;
    }
    const results = response?.results ?? [];
    const failed = new Set<Prepared<I>>();
    const errors: Array<BatchFailure<I>> = [];
    const unmatched: BatchItemError[] = [];
    for (const entry of response?.errors ?? []) {
      const context = (entry.context ?? {}) as Record<string, unknown>;
      const traceIds = new Set(asList(context.objectWriteTraceId));
      const ids = new Set([...asList(context.ids), ...asList(context.id), ...asList(entry.id)]);
      const matches = chunk.filter(
        (item) =>
          !failed.has(item) &&
          ((item.traceId !== undefined && traceIds.has(item.traceId)) ||
            (item.id !== undefined && ids.has(item.id))),
      );
      if (matches.length === 0) {
        unmatched.push(itemError(entry));
        continue;
      }
      for (const item of matches) {
        failed.add(item);
        errors.push({
          input: item.input,
          objectWriteTraceId: item.traceId,
          error: itemError(entry),
        });
      }
    }
    if (unmatched.length > 0) {
      // HubSpot did not say which input: blame the inputs that got no result.
      const succeeded = new Set(results.map((result) => result.objectWriteTraceId).filter(Boolean));
      const resultIds = new Set(results.map((result) => result.id));
      for (const item of chunk) {
        if (failed.has(item)) continue;
        if (item.traceId !== undefined && succeeded.has(item.traceId)) continue;
        if (item.id !== undefined && resultIds.has(item.id)) continue;
        if (succeeded.size === 0 && resultIds.size > 0 && item.id === undefined) continue;
        failed.add(item);
        errors.push({
          input: item.input,
          objectWriteTraceId: item.traceId,
          error: unmatched[0]!,
        });
      }
    }
    perChunk[chunkIndex] = { results, errors };
  };

  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunkIndex = next;
      next += 1;
      await runChunk(chunkIndex);
    }
  };
  const workers = Math.max(1, Math.min(transport.batchConcurrency, chunks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    results: perChunk.flatMap((chunk) => chunk?.results ?? []),
    errors: perChunk.flatMap((chunk) => chunk?.errors ?? []),
    requests,
  };
}

export function prepareIds(
  inputs: ReadonlyArray<string | BatchReadInput>,
  issues: Issues,
): Array<Prepared<string | BatchReadInput>> {
  if (!Array.isArray(inputs)) {
    issues.add(['inputs'], 'must be a list');
    return [];
  }
  return inputs.map((input, index) => {
    const id = typeof input === 'string' ? input : input?.id;
    issues.id(['inputs', index, 'id'], id);
    return { input, id: idText(id), traceId: undefined, wire: { id: idText(id) } };
  });
}

export function prepareWrites<I extends { objectWriteTraceId?: string }>(
  inputs: ReadonlyArray<I>,
  issues: Issues,
  shape: (input: I, index: number) => { id?: string; wire: Record<string, unknown> },
): Array<Prepared<I>> {
  if (!Array.isArray(inputs)) {
    issues.add(['inputs'], 'must be a list');
    return [];
  }
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    if (input === null || typeof input !== 'object') {
      issues.add(['inputs', index], 'must be an object');
      return { input, id: undefined, traceId: undefined, wire: {} };
    }
    if (input.objectWriteTraceId !== undefined && typeof input.objectWriteTraceId !== 'string')
      issues.add(['inputs', index, 'objectWriteTraceId'], 'must be a string');
    const traceId =
      typeof input.objectWriteTraceId === 'string' ? input.objectWriteTraceId : String(index);
    if (seen.has(traceId)) issues.add(['inputs', index, 'objectWriteTraceId'], 'must be unique');
    seen.add(traceId);
    const { id, wire } = shape(input, index);
    return { input, id, traceId, wire: { ...wire, objectWriteTraceId: traceId } };
  });
}

export { toPropertyStrings };
