import { JobStateError } from '../errors.js';
import type { JobState } from './job-record.js';

/**
 * The rule every queue's `retry()` applies: only a `failed` job runs again.
 * A `done` job retried by a stray click or a forged request would repeat its
 * side effects (a second shipment); a pending or running one is already going.
 */
export function assertRetryable(jobId: string, state: JobState): void {
  if (state === 'failed') return;
  throw new JobStateError(`Job "${jobId}" is ${state}; only a failed job can be retried.`, {
    jobId,
    state,
    operation: 'jobs.retry',
  });
}
