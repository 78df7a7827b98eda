/**
 * Budget spent in parts, each held until its own expiry: a limiter that holds a
 * call's slot until a window after its answer (not its start) counts this way.
 * Kept sorted by expiry; parts mostly arrive in order, so adding is cheap.
 */
export class ExpiringCosts {
  private readonly parts: Array<{ expiresAt: number; cost: number }> = [];

  add(expiresAt: number, cost: number): void {
    let index = this.parts.length;
    while (index > 0 && this.parts[index - 1]!.expiresAt > expiresAt) index -= 1;
    this.parts.splice(index, 0, { expiresAt, cost });
  }

  /**
   * Budget still held at `at` (which may lie in the past, to reconcile an answer
   * with the count when its call was sent). Parts that expired before `keepAfter` are dropped.
   */
  heldAt(at: number, keepAfter: number): number {
    while (this.parts.length > 0 && this.parts[0]!.expiresAt <= keepAfter) this.parts.shift();
    let total = 0;
    for (const part of this.parts) if (part.expiresAt > at) total += part.cost;
    return total;
  }

  /** When the next part still held at `now` expires, if any. */
  nextExpiry(now: number): number | undefined {
    return this.parts.find((part) => part.expiresAt > now)?.expiresAt;
  }
}
