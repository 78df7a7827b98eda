import type { ProviderClient } from '@int/core';
import { checkIdentification } from './identification.js';
import type { Payments, Refunds } from './mercadopago-client-types.js';
import {
  bodyWith,
  checkSearch,
  defineOperation,
  type Params,
  searchPages,
  withKey,
} from './mercadopago-params.js';
import type { Payment, Refund, SearchPage } from './mercadopago-types.js';
import { checkAmount } from './money.js';

const ONE = '/v1/payments/{id}';
const REFUNDS = `${ONE}/refunds`;

/** `payments` and `refunds`; amounts are checked against `decimals`, the account currency's. */
export function paymentsResources(client: ProviderClient, decimals: number) {
  const amount = (field: string) => (params: Params, issues: Parameters<typeof checkAmount>[0]) => {
    if (params[field] !== undefined) checkAmount(issues, [field], params[field], decimals);
  };
  const create = defineOperation<Payment>(
    'payments.create',
    'POST',
    '/v1/payments',
    (params, issues) => {
      checkAmount(issues, ['transaction_amount'], params.transaction_amount, decimals);
      issues.nonEmptyString(['payment_method_id'], params.payment_method_id);
      issues.optionalString(['token'], params.token);
      issues.integer(['installments'], params.installments, 1, 1_000);
      if (!issues.object(['payer'], params.payer)) return;
      issues.nonEmptyString(['payer', 'email'], params.payer.email);
      checkIdentification(issues, ['payer', 'identification'], params.payer.identification);
    },
  );
  const get = defineOperation<Payment>('payments.get', 'GET', ONE);
  const search = defineOperation<SearchPage<Payment>>(
    'payments.search',
    'GET',
    '/v1/payments/search',
    checkSearch,
  );
  const update = defineOperation<Payment>('payments.update', 'PUT', ONE);
  const cancel = defineOperation<Payment>('payments.cancel', 'PUT', ONE);
  const capture = defineOperation<Payment>(
    'payments.capture',
    'PUT',
    ONE,
    amount('transaction_amount'),
  );
  const refund = defineOperation<Refund>('refunds.create', 'POST', REFUNDS, amount('amount'));
  const refunds = defineOperation<Refund[]>('refunds.list', 'GET', REFUNDS);
  const getRefund = defineOperation<Refund>('refunds.get', 'GET', `${REFUNDS}/{refund_id}`);
  const payments: Payments = {
    create: ((params: Params, options) =>
      client.call(create, { body: params }, options)) as Payments['create'],
    get: (id, options) => client.call(get, { path: { id } }, options),
    search: (query, options) => client.list(search, { query }, searchPages(), options),
    update: (id, body, options) => client.call(update, { path: { id }, body }, options),
    cancel: (id, options) =>
      client.call(cancel, { path: { id }, body: { status: 'cancelled' } }, withKey(options)),
    capture: (id, params, options) =>
      client.call(
        capture,
        { path: { id }, body: bodyWith({ capture: true }, params) },
        withKey(options),
      ),
  };
  const refundsResource: Refunds = {
    // No amount: `{}`, a full refund.
    create: (id, params, options) =>
      client.call(refund, { path: { id }, body: bodyWith({}, params) }, options),
    list: (id, options) => client.call(refunds, { path: { id } }, options),
    get: (id, refundId, options) =>
      client.call(getRefund, { path: { id, refund_id: refundId } }, options),
  };
  return { payments, refunds: refundsResource };
}
