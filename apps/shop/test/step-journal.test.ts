import {
  AbortError,
  BadRequestError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import { isOutcomeUnknown } from '../src/flow/step-journal.js';

describe('isOutcomeUnknown', () => {
  it('is true when the provider may have acted without us hearing of it', () => {
    expect(isOutcomeUnknown(new TimeoutError('slow', { timeoutMs: 10 }))).toBe(true);
    expect(isOutcomeUnknown(new AbortError('job aborted'))).toBe(true);
    expect(
      isOutcomeUnknown(
        new ConnectionError('reset', { beforeRequestSent: false, code: 'ECONNRESET' }),
      ),
    ).toBe(true);
    expect(isOutcomeUnknown(new ServerError('down', { status: 503 }))).toBe(true);
    expect(isOutcomeUnknown(new ServerError('broke', { status: 500 }))).toBe(true);
  });

  it('is false when nothing can have happened', () => {
    expect(
      isOutcomeUnknown(
        new ConnectionError('refused', { beforeRequestSent: true, code: 'ECONNREFUSED' }),
      ),
    ).toBe(false);
    expect(isOutcomeUnknown(new BadRequestError('bad', { status: 400 }))).toBe(false);
    expect(isOutcomeUnknown(new RateLimitError('slow down', { status: 429 }))).toBe(false);
    expect(isOutcomeUnknown(new ValidationError([{ path: [], message: 'x' }]))).toBe(false);
    expect(isOutcomeUnknown(new Error('plain'))).toBe(false);
  });
});
