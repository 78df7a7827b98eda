import type { PaymentStatus, PaymentStatusDetail } from '../mercadopago-types.js';

/**
 * MercadoPago's sandbox decides a card payment by the cardholder name on the
 * token; the fake does the same. Any other name is approved.
 */
export const TEST_CARD_HOLDERS = {
  APRO: ['approved', 'accredited'],
  OTHE: ['rejected', 'cc_rejected_other_reason'],
  CONT: ['in_process', 'pending_contingency'],
  CALL: ['rejected', 'cc_rejected_call_for_authorize'],
  FUND: ['rejected', 'cc_rejected_insufficient_amount'],
  SECU: ['rejected', 'cc_rejected_bad_filled_security_code'],
  EXPI: ['rejected', 'cc_rejected_bad_filled_date'],
  FORM: ['rejected', 'cc_rejected_bad_filled_other'],
} as const satisfies Record<string, readonly [PaymentStatus, PaymentStatusDetail]>;

export type TestCardHolder = keyof typeof TEST_CARD_HOLDERS;

/** The outcome for a cardholder name: its first word, upper case, looked up (`APRO`, `OTHE`...). */
export function outcomeOf(holder: string): readonly [PaymentStatus, PaymentStatusDetail] {
  const key = holder.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  return Object.hasOwn(TEST_CARD_HOLDERS, key)
    ? TEST_CARD_HOLDERS[key as TestCardHolder]
    : TEST_CARD_HOLDERS.APRO;
}

/** What `GET /v1/payment_methods` answers in the fake (Brazil's common methods). */
export const FAKE_PAYMENT_METHODS = [
  { id: 'visa', name: 'Visa', payment_type_id: 'credit_card', status: 'active' },
  { id: 'master', name: 'Mastercard', payment_type_id: 'credit_card', status: 'active' },
  { id: 'amex', name: 'American Express', payment_type_id: 'credit_card', status: 'active' },
  { id: 'elo', name: 'Elo', payment_type_id: 'credit_card', status: 'active' },
  { id: 'debvisa', name: 'Visa Débito', payment_type_id: 'debit_card', status: 'active' },
  { id: 'pix', name: 'PIX', payment_type_id: 'bank_transfer', status: 'active' },
  { id: 'bolbradesco', name: 'Boleto', payment_type_id: 'ticket', status: 'active' },
  {
    id: 'account_money',
    name: 'Dinheiro na conta',
    payment_type_id: 'account_money',
    status: 'active',
  },
].map((method) => ({
  ...method,
  min_allowed_amount: 0.5,
  max_allowed_amount: 60_000,
  accreditation_time: 0,
}));
