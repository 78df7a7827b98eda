import type { JobContext } from '@int/core';
import type { BatchResult } from '@int/hubspot';
import type { ShopContext } from '../shop-context.js';
import { jobEvent, type OrderJob } from './ship-order.js';
import { journalledStep } from './step-journal.js';
import { describeError, trackedCall } from './tracked-call.js';

/** The deal property holding our order id; in a real portal, a property with unique values. */
export const ORDER_ID_PROPERTY = 'shop_order_id';

function firstResultId<I>(result: BatchResult<I>, what: string): string {
  // The input's own typed error: the queue reads its class (retryable, an open circuit to wait out).
  const failure = result.errors[0];
  if (failure) throw failure.error;
  const id = result.results[0]?.id;
  if (!id) throw new Error(`HubSpot ${what} answered no record.`);
  return id;
}

function splitName(name: string): { firstname: string; lastname: string } {
  const parts = name.trim().split(/\s+/);
  return { firstname: parts[0] ?? '', lastname: parts.slice(1).join(' ') };
}

/**
 * Job `sync-crm`: the contact upserted by email, the deal upserted by the
 * order id (a unique property, so a re-run finds the same deal instead of
 * creating another), and the two associated (a PUT, idempotent).
 */
export async function syncCrm(
  context: ShopContext,
  payload: OrderJob,
  job: JobContext<OrderJob>,
): Promise<void> {
  const order = context.orders.get(payload.orderId);
  if (!order) return;
  const { hubspot } = context.clients;
  jobEvent(
    context,
    order.id,
    `job sync-crm attempt ${job.job.attempts}/${job.job.maxAttempts}`,
    true,
    job.job.id,
  );
  try {
    const contactId = await journalledStep<string>(context, order.id, 'hubspot.contact', async () =>
      firstResultId(
        await trackedCall(context, order.id, 'hubspot contacts.batch.upsert (by email)', () =>
          hubspot.contacts.batch.upsert(
            [
              {
                id: order.email,
                idProperty: 'email',
                properties: { email: order.email, ...splitName(order.address.name) },
              },
            ],
            { signal: job.signal },
          ),
        ),
        'contact upsert',
      ),
    );
    const dealId = await journalledStep<string>(context, order.id, 'hubspot.deal', async () =>
      firstResultId(
        await trackedCall(
          context,
          order.id,
          `hubspot deals.batch.upsert (by ${ORDER_ID_PROPERTY})`,
          () =>
            hubspot.deals.batch.upsert(
              [
                {
                  id: order.id,
                  idProperty: ORDER_ID_PROPERTY,
                  properties: {
                    dealname: `Shop order ${order.id}`,
                    amount: (order.amount / 100).toFixed(2),
                    dealstage: 'closedwon',
                    pipeline: 'default',
                  },
                },
              ],
              { signal: job.signal },
            ),
        ),
        'deal upsert',
      ),
    );
    await journalledStep(context, order.id, 'hubspot.association', async () => {
      await trackedCall(context, order.id, 'hubspot associations.create (deal to contact)', () =>
        hubspot.associations.create(
          {
            fromObjectType: 'deals',
            fromObjectId: dealId,
            toObjectType: 'contacts',
            toObjectId: contactId,
          },
          { signal: job.signal },
        ),
      );
      return true;
    });
    context.orders.update(
      order.id,
      { status: 'completed', statusDetail: undefined, contactId, dealId, syncedAt: context.now() },
      context.now(),
    );
    jobEvent(context, order.id, 'job sync-crm done', true, `deal ${dealId}`);
  } catch (error) {
    const last = job.job.attempts >= job.job.maxAttempts;
    jobEvent(
      context,
      order.id,
      last
        ? 'job sync-crm failed (retry it on the jobs page)'
        : 'job sync-crm attempt failed; will retry',
      false,
      describeError(error),
    );
    context.orders.update(
      order.id,
      { statusDetail: `CRM sync: ${describeError(error)}` },
      context.now(),
    );
    throw error;
  }
}
