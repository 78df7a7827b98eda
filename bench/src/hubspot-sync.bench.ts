/**
 * Bulk sync of 10 000 contacts into the HubSpot fake, with its rate limit
 * enforced on a scaled-down window (10 calls per second: HubSpot's 100 per
 * 10 s rate, on a window ten times shorter), through @int/hubspot and through
 * @hubspot/api-client 13.5.0 with its retry and limiter switched on.
 *
 * Run: npx -y pnpm@10.34.9 --filter @int/hubspot build &&
 *      npx -y pnpm@10.34.9 --filter @int/bench exec node --import tsx src/hubspot-sync.bench.ts
 * Knobs: BENCH_HUBSPOT_ROUNDS (default 3), BENCH_HUBSPOT_CONTACTS (default 10 000).
 */
import { Client } from '@hubspot/api-client';
import { createHubSpot } from '@int/hubspot';
import { createHubSpotFake } from '@int/hubspot/testing';
import { setupServer } from 'msw/node';

const CONTACTS = Number(process.env.BENCH_HUBSPOT_CONTACTS ?? 10_000);
const BURST = 10;
const WINDOW_MS = 1_000;
const BATCH = 100;

const fake = createHubSpotFake({ limits: { burst: BURST, windowMs: WINDOW_MS } });
const server = setupServer(...fake.handlers);
server.listen({ onUnhandledRequest: 'error' });

const inputs = Array.from({ length: CONTACTS }, (_, index) => ({
  id: `contact-${index}@example.com`,
  idProperty: 'email',
  properties: { firstname: `Contact ${index}` },
}));
const chunks: Array<typeof inputs> = [];
for (let index = 0; index < inputs.length; index += BATCH)
  chunks.push(inputs.slice(index, index + BATCH));
// The first BURST calls go at once; every further BURST calls need one more window.
const theoreticalMs = Math.max(0, Math.ceil(chunks.length / BURST) - 1) * WINDOW_MS;

interface Row {
  contender: string;
  wallMs: number;
  requests: number;
  rateLimited: number;
  stored: number;
  failedInputs: number;
}

async function measure(contender: string, sync: () => Promise<number>): Promise<Row> {
  fake.reset();
  const started = performance.now();
  const failedInputs = await sync();
  const wallMs = performance.now() - started;
  const { TEN_SECONDLY_ROLLING, SECONDLY, DAILY } = fake.stats.rateLimited;
  return {
    contender,
    wallMs,
    requests: fake.stats.requests,
    rateLimited: TEN_SECONDLY_ROLLING + SECONDLY + DAILY,
    stored: fake.objects('contacts').length,
    failedInputs,
  };
}

const ROUNDS = Number(process.env.BENCH_HUBSPOT_ROUNDS ?? 3);

const contenders: Array<{ name: string; sync: () => Promise<number> }> = [
  {
    name: '@int/hubspot batch.upsert (default limiter, limits scaled)',
    sync: async () => {
      const hubspot = createHubSpot({
        accessToken: 'bench-int-hubspot',
        limits: { burst: BURST, windowMs: WINDOW_MS },
      });
      const result = await hubspot.contacts.batch.upsert(inputs);
      return result.errors.length;
    },
  },
  {
    name: '@hubspot/api-client 13.5.0 (retries 6, its default limiter)',
    sync: async () => {
      const client = new Client({
        accessToken: 'bench-hubspot-api-client',
        numberOfApiCallRetries: 6,
        // Its DEFAULT_LIMITER_OPTIONS (9 calls/s, 6 in flight), made for 100 per 10 s: the same rate as here.
        limiterOptions: { minTime: 1000 / 9, maxConcurrent: 6 },
      });
      let failed = 0;
      await Promise.all(
        chunks.map(async (chunk) => {
          try {
            await client.crm.contacts.batchApi.upsert({ inputs: chunk });
          } catch {
            failed += chunk.length;
          }
        }),
      );
      return failed;
    },
  },
];

// Every contender once per round, the order alternating, so neither always goes first.
for (let round = 0; round < ROUNDS; round += 1) {
  const ordered = round % 2 === 0 ? contenders : [...contenders].reverse();
  for (const contender of ordered) {
    const row = await measure(contender.name, contender.sync);
    console.log(
      JSON.stringify({
        ...row,
        round,
        contacts: CONTACTS,
        batches: chunks.length,
        batchSize: BATCH,
        burst: BURST,
        windowMs: WINDOW_MS,
        theoreticalMs,
      }),
    );
  }
}

server.close();
