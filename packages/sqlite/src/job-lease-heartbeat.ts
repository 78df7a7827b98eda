/**
 * Keeps the leases of the jobs one worker is running alive: every
 * `intervalMs` it renews all of them in one write. A job whose lease could
 * not be renewed because another worker reclaimed it (the lease lapsed while
 * this process was stalled) is reported once through its `onLost`.
 */
export interface JobLeaseHeartbeat {
  /**
   * Starts renewing `jobId`'s lease for one attempt; `onLost` runs if another
   * worker took the job. Returns the attempt's handle for `delete`.
   */
  add(jobId: string, onLost: () => void): object;
  /**
   * Stops renewing `jobId` for the attempt `handle` (its outcome is written, or
   * it was lost); a later attempt of the same job keeps its renewal.
   */
  delete(jobId: string, handle: object): void;
  /** Stops the timer; leases already renewed run out on their own. */
  stop(): void;
}

export interface JobLeaseHeartbeatOptions {
  /** Time between two renewals. */
  intervalMs: number;
  /** Renews the given leases in one write; returns the ids this worker no longer holds. */
  renew(jobIds: string[]): string[];
  /** A renewal that threw (e.g. the file stayed locked past busy_timeout); the next beat tries again. */
  onError(error: unknown): void;
}

export function jobLeaseHeartbeat(options: JobLeaseHeartbeatOptions): JobLeaseHeartbeat {
  const running = new Map<string, { onLost: () => void }>();
  let timer: NodeJS.Timeout | undefined;

  const beat = () => {
    if (running.size === 0) return;
    let lost: string[];
    try {
      lost = options.renew([...running.keys()]);
    } catch (error) {
      options.onError(error);
      return;
    }
    for (const jobId of lost) {
      const attempt = running.get(jobId);
      running.delete(jobId);
      attempt?.onLost();
    }
    if (running.size === 0) stopTimer();
  };

  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    add(jobId, onLost) {
      const handle = { onLost };
      running.set(jobId, handle);
      // One timer for all of the worker's jobs, running only while there are any.
      timer ??= setInterval(beat, options.intervalMs);
      return handle;
    },
    delete(jobId, handle) {
      if (running.get(jobId) === handle) running.delete(jobId);
      if (running.size === 0) stopTimer();
    },
    stop() {
      running.clear();
      stopTimer();
    },
  };
}
