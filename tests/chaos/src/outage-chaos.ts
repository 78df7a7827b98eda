import { circuitBreaker, createMetrics, memoryQueue } from '@int/core';
import { captureLogger, serveHandlers, unusedPort } from '@int/core/testing';
import { createStripe } from '@int/stripe';
import { createStripeFake } from '@int/stripe/testing';

/** What one run of the outage phase saw. */
export interface OutageReport {
  orders: number;
  done: number;
  failed: number;
  /** Orders charged more than once, and not at all. */
  duplicates: number;
  lost: number;
  /** Requests that reached Stripe while it was down: before the circuit opened, and while it was open. */
  requestsBeforeOpen: number;
  requestsWhileOpen: number;
  /** Probes let through during the outage, and calls refused at once (`CircuitOpenError`). */
  probes: number;
  refused: number;
  transitions: string[];
  /** Requests after recovery, and the circuit at the end. */
  requestsAfter: number;
  finalCircuit: string | undefined;
  outageMs: number;
}

export interface OutageSettings {
  orders: number;
  /** Orders enqueued before the outage starts. */
  before: number;
  outageMs: number;
  concurrency: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stripe goes down in the middle of a stream of orders. Each order is a job
 * that creates one payment intent with the order's idempotency key, through a
 * client with a circuit breaker. While Stripe is down the breaker opens and
 * the requests drop to its probes; jobs meeting the open circuit wait for the
 * next probe without spending attempts; once Stripe is back every order is
 * charged exactly once.
 */
export async function runOutageChaos(settings: OutageSettings): Promise<OutageReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const fake = createStripeFake({ baseURL });
  const server = await serveHandlers(fake.handlers, { port });
  const logger = captureLogger();
  const metrics = createMetrics();
  const stripe = createStripe({
    secretKey: 'sk_test_outage',
    baseURL,
    logger,
    metrics,
    retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
    circuitBreaker: circuitBreaker({
      minimumCalls: 10,
      failureRate: 0.5,
      windowMs: 1_000,
      cooldownMs: 150,
    }),
  });
  const queue = memoryQueue({ logger });
  let refused = 0;
  await queue.process<{ order: string }>(
    'charge',
    async ({ order }) => {
      try {
        await stripe.paymentIntents.create(
          { amount: 1_999, currency: 'usd', metadata: { order_id: order } },
          { idempotencyKey: `order-${order}` },
        );
      } catch (error) {
        if ((error as Error).name === 'CircuitOpenError') refused += 1;
        throw error;
      }
    },
    { concurrency: settings.concurrency },
  );
  const requests = () => fake.calls({ path: '/v1/payment_intents' });
  const enqueue = async (from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      await queue.enqueue(
        'charge',
        { order: `o${index}` },
        { attempts: 50, backoff: { delayMs: 20 } },
      );
    }
  };
  const transitionsSoFar = () =>
    logger.lines
      .map((line) => line.object.event)
      .filter(
        (event): event is string => typeof event === 'string' && event.startsWith('circuit.'),
      );
  try {
    await enqueue(0, settings.before);
    await queue.idle();
    const atOutage = requests();
    const startedAt = performance.now();
    fake.fail({ path: '/v1/payment_intents', status: 503, times: Number.POSITIVE_INFINITY });
    let atOpen: number | undefined;
    const opened = () => transitionsSoFar().includes('circuit.opened');
    // Orders keep arriving during the outage.
    const during = settings.orders - settings.before;
    for (let index = 0; index < during; index += 1) {
      await enqueue(settings.before + index, settings.before + index + 1);
      if (atOpen === undefined && opened()) atOpen = requests();
      await sleep(settings.outageMs / during);
    }
    while (performance.now() - startedAt < settings.outageMs) await sleep(10);
    if (atOpen === undefined && opened()) atOpen = requests();
    const atRecovery = requests();
    const duringOutage = transitionsSoFar();
    fake.clearFaults();
    const deadline = Date.now() + 60_000;
    while ((await queue.stats()).done < settings.orders && Date.now() < deadline) await sleep(20);
    const byOrder = new Map<string, number>();
    for (const intent of fake.state.paymentIntents.values()) {
      const order = intent.metadata.order_id;
      if (order) byOrder.set(order, (byOrder.get(order) ?? 0) + 1);
    }
    const stats = await queue.stats();
    return {
      orders: settings.orders,
      done: stats.done,
      failed: stats.failed,
      duplicates: [...byOrder.values()].filter((count) => count > 1).length,
      lost: settings.orders - byOrder.size,
      requestsBeforeOpen: (atOpen ?? atRecovery) - atOutage,
      requestsWhileOpen: atOpen === undefined ? 0 : atRecovery - atOpen,
      probes: duringOutage.filter((event) => event === 'circuit.half_open').length,
      refused,
      transitions: transitionsSoFar(),
      requestsAfter: requests() - atRecovery,
      finalCircuit: metrics.health('stripe').circuits[0]?.status,
      outageMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    await queue.close();
    await server.close();
  }
}
