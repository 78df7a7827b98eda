/**
 * The circuit breaker's cost on the success path, with the network taken out:
 * `createHttpClient` over an in-process `fetch` that answers at once, with and
 * without `circuitBreaker()`, in interleaved rounds (the order alternates). The
 * loopback rows of the HTTP suite swing ±15 % per round at c=1 on a shared
 * machine, more than the 2 % this must show; here the denominator is the
 * client's own per-call work alone, so the ratio is the breaker's share of it.
 *
 * Knobs: BENCH_BREAKER_ROUNDS (default 15), BENCH_BREAKER_CALLS (default 20000).
 * Prints one JSON line per contender and round.
 */
import { circuitBreaker, createHttpClient, type HttpClient } from '@int/core';

const rounds = Number(process.env.BENCH_BREAKER_ROUNDS ?? 15);
const calls = Number(process.env.BENCH_BREAKER_CALLS ?? 20_000);
const body = JSON.stringify({ id: 'ok_1', object: 'thing' });

// A fresh Response per call, as a transport gives: its body is read once.
const answer: typeof fetch = async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

const clientFor = (withBreaker: boolean): HttpClient =>
  createHttpClient({
    name: 'bench',
    baseURL: 'https://api.bench.test',
    fetch: answer,
    ...(withBreaker ? { circuitBreaker: circuitBreaker() } : {}),
  });

const contenders = { core: clientFor(false), 'core-breaker': clientFor(true) };

async function measure(client: HttpClient): Promise<number> {
  globalThis.gc?.();
  const started = performance.now();
  for (let index = 0; index < calls; index += 1) {
    await client.request({ method: 'POST', path: '/v1/things', body: { index } });
  }
  return calls / ((performance.now() - started) / 1_000);
}

// Warm-up: both paths compiled before the first measured round.
for (const client of Object.values(contenders)) {
  for (let index = 0; index < 2_000; index += 1) {
    await client.request({ method: 'POST', path: '/v1/things', body: { index } });
  }
}
for (let round = 0; round < rounds; round += 1) {
  const order = Object.entries(contenders);
  if (round % 2 === 1) order.reverse();
  for (const [contender, client] of order) {
    const callsPerSecond = await measure(client);
    console.log(JSON.stringify({ contender, round, callsPerSecond }));
  }
}
