import { withCallContext } from '../call-context.js';
import { type Clock, systemClock } from '../clock.js';
import { ConfigurationError, IntegrationError } from '../errors.js';
import type { EnqueueOptions, JobQueue, ProcessOptions } from '../jobs/job-queue.js';
import { toJobError } from '../jobs/job-record.js';
import { loggedError } from '../logged-error.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactHeaders } from '../redaction.js';
import type { InboxEvent, InboxStore } from './inbox-store.js';
import { assertRawPayload, type RawPayload, toText } from './raw-payload.js';
import { headersToRecord, type WebhookHeaders } from './webhook-headers.js';
import type { WebhookVerifier } from './webhook-verifier.js';

/** What a handler receives. */
export interface WebhookEvent {
  provider: string;
  /** The provider's event id. */
  id: string;
  type: string;
  payload: unknown;
  rawBody: string;
  receivedAt: number;
}

export interface WebhookHandlerContext {
  /** Aborted when the attempt times out. */
  signal: AbortSignal;
  /**
   * The event's handler attempts in total, this one included (from 1). It keeps
   * counting across `inbox.replay`, so `attempt > 1` means an earlier run may
   * have done part of the work: look up before you create.
   */
  attempt: number;
  /** This run was started by `inbox.replay` after earlier attempts of the event. */
  replayed: boolean;
}

export type WebhookHandler = (
  event: WebhookEvent,
  context: WebhookHandlerContext,
) => Promise<void> | void;

/** Handlers by provider, then by event type; `'*'` catches every type of that provider. */
export type WebhookHandlers = Readonly<Record<string, Readonly<Record<string, WebhookHandler>>>>;

export interface WebhookInboxOptions {
  /** Where events are handed over for processing. */
  queue: JobQueue;
  /** Where raw events are kept. */
  store: InboxStore;
  /** One verifier per provider name used in `receive(provider, ...)`. */
  verifiers: Readonly<Record<string, WebhookVerifier>>;
  /** Default: none, so every event is stored as `ignored`. */
  handlers?: WebhookHandlers | undefined;
  /** Default `silentLogger`. */
  logger?: Logger | undefined;
  /** Default `systemClock`. */
  clock?: Clock | undefined;
  /** Queue job name. Default `webhook-inbox`. */
  jobName?: string | undefined;
  /** Handler attempts per event. Default: the queue's default. */
  attempts?: number | undefined;
  /** Backoff between handler attempts. Default: the queue's default. */
  backoff?: EnqueueOptions['backoff'] | undefined;
}

export interface ReceiveResult {
  /** `accepted`: stored and queued; `duplicate`: seen before, nothing new; `ignored`: stored, no handler. */
  status: 'accepted' | 'duplicate' | 'ignored';
  provider: string;
  eventId: string;
  type: string;
}

export interface ReplayOptions {
  /** Needed only when the same event id exists for several providers. */
  provider?: string | undefined;
}

export interface WebhookInbox {
  /**
   * Verifies, stores, dedups and queues one delivery. Resolves only after the
   * event is stored, so answering 2xx after it is safe.
   */
  receive(provider: string, rawBody: RawPayload, headers: WebhookHeaders): Promise<ReceiveResult>;
  /** Starts processing queued events in this process (a web-only process may skip it). */
  start(options?: ProcessOptions): Promise<void>;
  /** Processes a stored event again, whatever its state. */
  replay(eventId: string, options?: ReplayOptions): Promise<InboxEvent>;
  /**
   * Resolves once the queue has nothing running or due (every event received
   * so far handled, failed or waiting for a backoff). Needs a queue with
   * `idle()` (all of int's queues have one); for tests and scripts.
   */
  settled(): Promise<void>;
}

interface InboxJob {
  provider: string;
  eventId: string;
}

// Own properties only: an event type such as `constructor` must not find Object.prototype.
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function abortedBy(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A webhook inbox: every verified delivery is stored before it is
 * acknowledged, deduplicated by the provider's event id, and processed from
 * the job queue with retries.
 */
export function createWebhookInbox(options: WebhookInboxOptions): WebhookInbox {
  const { queue, store } = options;
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const jobName = options.jobName ?? 'webhook-inbox';

  const findHandler = (provider: string, type: string): WebhookHandler | undefined => {
    const byType = own(options.handlers, provider);
    return own(byType, type) ?? own(byType, '*');
  };

  // One job per event: the job id makes a second enqueue of the same event a no-op.
  const enqueue = (provider: string, eventId: string) =>
    queue.enqueue<InboxJob>(
      jobName,
      { provider, eventId },
      { jobId: `${provider}:${eventId}`, attempts: options.attempts, backoff: options.backoff },
    );

  const processJob = async (
    job: InboxJob,
    context: { signal: AbortSignal; job: { attempts: number; maxAttempts: number } },
  ) => {
    const { provider, eventId } = job;
    const event = await store.get(provider, eventId);
    if (!event) {
      logger.error(
        { event: 'webhook.missing', provider, eventId },
        'Queued webhook event is not in the store',
      );
      return;
    }
    // A redelivered job of a finished event does nothing; replay resets the state first.
    if (event.state === 'processed') return;
    const handler = findHandler(provider, event.type);
    if (!handler) {
      await store.update(provider, eventId, { state: 'ignored', updatedAt: clock.now() });
      return;
    }
    // The event's own count goes on across replays; the job's restarts with each replay.
    const attempt = event.attempts + 1;
    const replayed = event.attempts >= context.job.attempts;
    await store.update(provider, eventId, {
      state: 'processing',
      attempts: attempt,
      updatedAt: clock.now(),
    });
    const webhookEvent: WebhookEvent = {
      provider,
      id: eventId,
      type: event.type,
      payload: event.payload,
      rawBody: event.rawBody,
      receivedAt: event.receivedAt,
    };
    try {
      // Raced with the signal so a timed-out attempt is recorded on the event too.
      // Every call the handler makes logs and traces this event's id.
      await Promise.race([
        withCallContext(
          { webhookProvider: provider, webhookEventId: eventId, webhookType: event.type },
          () =>
            Promise.resolve().then(() =>
              handler(webhookEvent, { signal: context.signal, attempt, replayed }),
            ),
        ),
        abortedBy(context.signal),
      ]);
    } catch (error) {
      const last = context.job.attempts >= context.job.maxAttempts;
      // A timed-out attempt can end after a later attempt already succeeded;
      // its late failure must not overwrite that.
      const current = await store.get(provider, eventId);
      if (current?.state !== 'processed') {
        await store.update(provider, eventId, {
          state: last ? 'failed' : 'received',
          error: toJobError(error),
          updatedAt: clock.now(),
        });
      }
      logger.warn(
        {
          event: 'webhook.handler_failed',
          provider,
          eventId,
          type: event.type,
          attempt,
          final: last,
          error: loggedError(error),
        },
        'Webhook handler failed',
      );
      throw error;
    }
    const now = clock.now();
    await store.update(provider, eventId, {
      state: 'processed',
      error: undefined,
      processedAt: now,
      updatedAt: now,
    });
    logger.info(
      { event: 'webhook.processed', provider, eventId, type: event.type, attempt },
      'Webhook processed',
    );
  };

  return {
    async receive(provider, rawBody, headers) {
      const verifier = own(options.verifiers, provider);
      if (!verifier) {
        throw new ConfigurationError(
          `No webhook verifier is configured for provider "${provider}".`,
          {
            option: 'verifiers',
            provider,
          },
        );
      }
      assertRawPayload(rawBody, provider);
      const verified = await verifier.verify(rawBody, headers);
      const handler = findHandler(provider, verified.type);
      const now = clock.now();
      const inserted = await store.insertIfAbsent({
        provider,
        eventId: verified.id,
        type: verified.type,
        payload: verified.payload,
        rawBody: toText(rawBody),
        headers: redactHeaders(headersToRecord(headers)),
        state: handler ? 'received' : 'ignored',
        attempts: 0,
        receivedAt: now,
        updatedAt: now,
      });
      const result = { provider, eventId: verified.id, type: verified.type };
      if (!inserted) {
        // A crash between storing and queueing leaves a received event without a job;
        // the provider's redelivery repairs that (the enqueue is a no-op otherwise).
        const existing = await store.get(provider, verified.id);
        if (existing?.state === 'received') await enqueue(provider, verified.id);
        logger.info({ event: 'webhook.duplicate', ...result }, 'Duplicate webhook acknowledged');
        return { status: 'duplicate', ...result };
      }
      if (!handler) {
        logger.info({ event: 'webhook.ignored', ...result }, 'Webhook stored without a handler');
        return { status: 'ignored', ...result };
      }
      await enqueue(provider, verified.id);
      logger.info({ event: 'webhook.received', ...result }, 'Webhook stored and queued');
      return { status: 'accepted', ...result };
    },

    start(processOptions) {
      return queue.process<InboxJob>(jobName, processJob, processOptions);
    },

    async replay(eventId, replayOptions = {}) {
      const matches = replayOptions.provider
        ? await store.get(replayOptions.provider, eventId).then((event) => (event ? [event] : []))
        : await store.list({ eventId });
      const event = matches[0];
      if (!event) {
        throw new IntegrationError(`No stored webhook event with id "${eventId}".`, {
          provider: replayOptions.provider,
          operation: 'webhookInbox.replay',
        });
      }
      if (matches.length > 1) {
        throw new IntegrationError(
          `Webhook event id "${eventId}" exists for several providers (${matches.map((match) => match.provider).join(', ')}); pass { provider }.`,
          { operation: 'webhookInbox.replay' },
        );
      }
      const { provider } = event;
      await store.update(provider, eventId, { state: 'received', updatedAt: clock.now() });
      const jobId = `${provider}:${eventId}`;
      const job = await queue.get(jobId);
      if (!job) await enqueue(provider, eventId);
      else if (job.state === 'failed') await queue.retry(jobId);
      else if (job.state === 'done') {
        // Queues never retry a done job; a replay of a processed event is a job of its own.
        await queue.enqueue<InboxJob>(
          jobName,
          { provider, eventId },
          {
            jobId: `${jobId}:replay:${globalThis.crypto.randomUUID()}`,
            attempts: options.attempts,
            backoff: options.backoff,
          },
        );
      }
      logger.info({ event: 'webhook.replayed', provider, eventId }, 'Webhook replay queued');
      return (await store.get(provider, eventId)) ?? event;
    },

    async settled() {
      if (typeof queue.idle !== 'function') {
        throw new ConfigurationError('inbox.settled() needs a queue with idle().', {
          option: 'queue',
        });
      }
      await queue.idle();
    },
  };
}
