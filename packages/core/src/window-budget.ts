import { ExpiringCosts } from './expiring-costs.js';

/**
 * A server's rolling budget of `limit` per `windowMs`, mirrored in one process.
 * A call holds its share from its start until one window after its answer: the
 * server counts a call when it arrives, so however long the network takes,
 * the server's count never sees more than the budget. `limit` and `windowMs`
 * may be changed to what the server's headers say.
 */
export class WindowBudget {
  private readonly spent = new ExpiringCosts();
  /** Budget of the calls started and not yet answered. */
  inFlight = 0;
  /** Nothing starts before this moment (a 429 asked to wait). */
  pausedUntil = 0;

  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  /**
   * Budget answered calls hold at `at` (a past moment reconciles an answer
   * with the count when its call was sent: parts are kept a window past their expiry).
   */
  heldAt(at: number, now: number): number {
    return this.spent.heldAt(at, now - this.windowMs);
  }

  /**
   * 0 when `cost` may start now, else when to look again (Infinity: when an
   * answer comes). Fails closed: a budget that is not a number blocks.
   */
  blockedUntil(cost: number, now: number): number {
    let until = this.pausedUntil > now ? this.pausedUntil : 0;
    if (!(this.heldAt(now, now) + this.inFlight + cost <= this.limit)) {
      until = Math.max(until, this.spent.nextExpiry(now) ?? Number.POSITIVE_INFINITY);
    }
    return until;
  }

  start(cost: number): void {
    this.inFlight += cost;
  }

  /** The call's answer came: its share stays held for one window from now. */
  finish(cost: number, now: number): void {
    this.inFlight -= cost;
    this.spent.add(now + this.windowMs, cost);
  }

  /**
   * The server said `remaining` when it counted a call sent at `sentAt`: what it
   * counted beyond this process's own calls was spent by another process (or
   * app) of the same account, and is held here for a window too.
   */
  matchRemaining(remaining: number, sentAt: number | undefined, now: number): void {
    // Compared with the count at the send: budget that expired here since would pass for spending elsewhere.
    const at = Math.max(sentAt ?? now, now - this.windowMs);
    const elsewhere = this.limit - remaining - (this.heldAt(at, now) + this.inFlight);
    if (elsewhere > 0) this.spent.add(now + this.windowMs, elsewhere);
  }

  /** After a 429: wait `retryAfter` ms, else the rest of the window as far as this process knows it. */
  pause(retryAfter: number | undefined, now: number): void {
    const next = this.spent.nextExpiry(now);
    const rest = next === undefined ? this.windowMs : next - now;
    const wait = retryAfter !== undefined && retryAfter >= 0 ? retryAfter : Math.max(rest, 1);
    // A wait that is not a number still pauses (a whole window), never not at all.
    this.pausedUntil = now + (Number.isFinite(wait) ? wait : Math.max(this.windowMs, 1));
  }

  /** Nothing in flight, held or paused: the budget may be dropped and made afresh. */
  idle(now: number): boolean {
    return this.inFlight === 0 && this.pausedUntil <= now && this.heldAt(now, now) === 0;
  }
}
