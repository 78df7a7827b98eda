import { drive } from './runner.js';

export interface ClientRound<Id extends string = string> {
  contender: Id;
  concurrency: number;
  round: number;
  requests: number;
  requestsPerSecond: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * One call per contender, measured at concurrency 1 and 32: a warm-up of 300
 * calls each, then `rounds` rounds that visit every contender in an order
 * rotated each round (GC forced before each), so the drift of a shared
 * machine does not land on one contender. `scale` multiplies the 500 calls
 * at c=1 and the 1 500 at c=32.
 */
export async function runClientRounds<Id extends string>(
  contenders: ReadonlyArray<{ id: Id; call: () => Promise<unknown> }>,
  options: { rounds: number; scale: number },
): Promise<Array<ClientRound<Id>>> {
  const results: Array<ClientRound<Id>> = [];
  for (const concurrency of [1, 32]) {
    const requests = Math.round((concurrency === 1 ? 500 : 1_500) * options.scale);
    for (const contender of contenders) await drive(contender.call, 300, concurrency);
    for (let round = 0; round < options.rounds; round += 1) {
      const shift = round % contenders.length;
      for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
        collectGarbage?.();
        const { requestsPerSecond } = await drive(contender.call, requests, concurrency);
        results.push({ contender: contender.id, concurrency, round, requests, requestsPerSecond });
      }
    }
  }
  return results;
}
