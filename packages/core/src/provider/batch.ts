import {
  AbortError,
  AuthenticationError,
  CircuitOpenError,
  ConfigurationError,
  PermissionDeniedError,
  QuotaExceededError,
} from '../errors.js';
import { mapBounded } from './map-bounded.js';

/** One input that failed, with where it was and why. */
export interface BatchFailure<Input> {
  /** Index of the input in the call's list. */
  index: number;
  input: Input;
  error: Error;
}

/** What a batch call resolves with: every input lands in `results` or `errors`. */
export interface BatchResult<Result, Input> {
  results: Result[];
  errors: Array<BatchFailure<Input>>;
}

/** What one chunk's request gave: results, and inputs it rejected one by one (HubSpot's 207). */
export interface ChunkOutcome<Result, Input> {
  results: Result[];
  errors?: Array<BatchFailure<Input>> | undefined;
}

const PARTIAL = Symbol.for('@int/core/batch-partial');

/**
 * True for a failure that would fail every remaining chunk the same way
 * (credentials, permission, a spent daily quota, an open circuit, an abort, a bad setup):
 * the batch stops and rejects with it instead of burying it in `errors`.
 */
export function failsEveryChunk(error: unknown): boolean {
  return (
    AuthenticationError.isInstance(error) ||
    PermissionDeniedError.isInstance(error) ||
    QuotaExceededError.isInstance(error) ||
    CircuitOpenError.isInstance(error) ||
    AbortError.isInstance(error) ||
    ConfigurationError.isInstance(error)
  );
}

/**
 * What a batch had reached when it rejected: the results and per-input errors
 * of the chunks that finished, carried on the typed error it rejected with.
 */
export function batchPartial<Result = unknown, Input = unknown>(
  error: unknown,
): BatchResult<Result, Input> | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as Record<symbol, BatchResult<Result, Input> | undefined>)[PARTIAL];
}

/**
 * The batch rule every provider follows. Inputs are split into chunks sent
 * `concurrency` at a time. A chunk the API rejected (or that still failed
 * after its retries) puts each of its inputs in `errors`, and the call
 * resolves with the rest; a failure that `failsEveryChunk` stops new chunks
 * and rejects with the typed error, with `batchPartial(error)` holding what was reached.
 */
export async function runBatch<Input, Result>(
  inputs: ReadonlyArray<Input>,
  settings: {
    chunkSize: number;
    concurrency: number;
    signal?: AbortSignal | undefined;
    send: (chunk: Input[], offset: number) => Promise<ChunkOutcome<Result, Input>>;
  },
): Promise<BatchResult<Result, Input>> {
  const chunks: Array<{ offset: number; items: Input[] }> = [];
  for (let offset = 0; offset < inputs.length; offset += settings.chunkSize) {
    chunks.push({ offset, items: inputs.slice(offset, offset + settings.chunkSize) });
  }
  const reached: BatchResult<Result, Input> = { results: [], errors: [] };
  try {
    await mapBounded(
      chunks,
      settings.concurrency,
      async (chunk) => {
        try {
          const outcome = await settings.send(chunk.items, chunk.offset);
          reached.results.push(...outcome.results);
          reached.errors.push(...(outcome.errors ?? []));
        } catch (error) {
          if (failsEveryChunk(error)) throw error;
          chunk.items.forEach((input, position) => {
            reached.errors.push({ index: chunk.offset + position, input, error: error as Error });
          });
        }
      },
      { signal: settings.signal },
    );
  } catch (error) {
    if (error !== null && typeof error === 'object') {
      Object.defineProperty(error, PARTIAL, { value: reached, configurable: true });
    }
    throw error;
  }
  reached.errors.sort((left, right) => left.index - right.index);
  return reached;
}
