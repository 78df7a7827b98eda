/** Stripe's test payment methods the fake knows, and what confirming with each does. */

export const SUCCEEDING_CARDS = new Set(
  'visa visa_debit mastercard mastercard_debit amex discover diners jcb unionpay us'
    .split(' ')
    .map((name) => `pm_card_${name}`),
);

export const AUTHENTICATION_CARDS = new Set([
  'pm_card_authenticationRequired',
  'pm_card_threeDSecure2Required',
]);

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

const DECLINED = 'Your card was declined.';
const decline = (code: string, declineCode: string | undefined, message = DECLINED): Decline => ({
  code,
  ...(declineCode ? { decline_code: declineCode } : {}),
  message,
});

export const DECLINING_CARDS: Record<string, Decline> = {
  pm_card_chargeDeclined: decline('card_declined', 'generic_decline'),
  pm_card_chargeDeclinedInsufficientFunds: decline(
    'card_declined',
    'insufficient_funds',
    'Your card has insufficient funds.',
  ),
  pm_card_chargeDeclinedLostCard: decline('card_declined', 'lost_card'),
  pm_card_chargeDeclinedStolenCard: decline('card_declined', 'stolen_card'),
  pm_card_chargeDeclinedFraudulent: decline('card_declined', 'fraudulent'),
  pm_card_chargeDeclinedExpiredCard: decline(
    'expired_card',
    'expired_card',
    'Your card has expired.',
  ),
  pm_card_chargeDeclinedIncorrectCvc: decline(
    'incorrect_cvc',
    'incorrect_cvc',
    "Your card's security code is incorrect.",
  ),
  pm_card_chargeDeclinedProcessingError: decline(
    'processing_error',
    undefined,
    'An error occurred while processing your card. Try again in a little bit.',
  ),
};
