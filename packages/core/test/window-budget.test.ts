import { describe, expect, it } from 'vitest';
import { WindowBudget } from '../src/index.js';

describe('WindowBudget', () => {
  it('holds a call from its start until one window after its answer', () => {
    const budget = new WindowBudget(2, 1_000);
    budget.start(1);
    budget.start(1);
    // Both in flight: the next waits for an answer.
    expect(budget.blockedUntil(1, 0)).toBe(Number.POSITIVE_INFINITY);
    budget.finish(1, 300);
    // Answered at 300: its share comes back at 1 300, not 1 000 after its start.
    expect(budget.blockedUntil(1, 300)).toBe(1_300);
    expect(budget.blockedUntil(1, 1_300)).toBe(0);
    budget.finish(1, 400);
    expect(budget.idle(1_399)).toBe(false);
    expect(budget.idle(1_400)).toBe(true);
  });

  it('takes budget the server counted beyond its own as spent elsewhere', () => {
    const budget = new WindowBudget(10, 1_000);
    budget.start(1);
    budget.finish(1, 100);
    // Sent at 100, the server had 6 left: 4 used, 1 of them ours.
    budget.matchRemaining(6, 100, 150);
    expect(budget.heldAt(150, 150)).toBe(4);
    // A `remaining` that matches our own count adds nothing.
    budget.matchRemaining(6, 150, 160);
    expect(budget.heldAt(160, 160)).toBe(4);
    // Compared with the count at the send (1 050), when all 4 were still held: nothing new,
    // though by 1 200 they expired here and a count now would take them for spending elsewhere.
    budget.matchRemaining(6, 1_050, 1_200);
    expect(budget.heldAt(1_200, 1_200)).toBe(0);
  });

  it('pauses after a 429 for Retry-After, else the rest of the known window', () => {
    const budget = new WindowBudget(5, 1_000);
    budget.pause(250, 0);
    expect(budget.blockedUntil(1, 10)).toBe(250);
    budget.finish(0, 100);
    budget.pause(undefined, 400);
    expect(budget.pausedUntil).toBe(1_100);
    const fresh = new WindowBudget(5, 1_000);
    fresh.pause(undefined, 0);
    expect(fresh.pausedUntil).toBe(1_000);
  });
});
