/**
 * Keeps the leases of the jobs one worker is running alive: every
 * `intervalMs` it renews all of them in one write. A job whose lease could
 * not be renewed because another worker reclaimed it (the lease lapsed while
 * this process was stalled) is reported once through its `onLost`.
 */
export interface JobLeaseHeartbeat {
  /** Starts renewing `jobId`'s lease; `onLost` runs if another worker took the job. */
  add(jobId: string, onLost: () => void): void;
  /** Stops renewing `jobId` (its outcome is written, or it was lost). */
  delete(jobId: string): void;
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
  const running = new Map<string, () => void>();
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
      const onLost = running.get(jobId);
      running.delete(jobId);
      onLost?.();
    }
    if (running.size === 0) stopTimer();
  };

  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return {
    add(jobId, onLost) {
      running.set(jobId, onLost);
      // One timer for all of the worker's jobs, running only while there are any.
      timer ??= setInterval(beat, options.intervalMs);
    },
    delete(jobId) {
      running.delete(jobId);
      if (running.size === 0) stopTimer();
    },
    stop() {
      running.clear();
      stopTimer();
    },
  };
}
