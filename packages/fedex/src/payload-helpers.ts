import { asNumber, asRecord, asRecords, asText, pickTexts } from '@int/core';
import type { Address, FedExAlert, Money, PackageInput, Party } from './types.js';

/** FedEx's `output` object of a response body. */
export const outputOf = (body: unknown): Record<string, unknown> | undefined =>
  asRecord(asRecord(body)?.output);

/** FedEx's `transactionId` of a response body. */
export const transactionIdOf = (body: unknown): string | undefined =>
  asText(asRecord(body)?.transactionId);

/** An answer's own fields with what every FedEx answer carries: its alerts, transaction id and body. */
export const withEnvelope = <Fields extends object>(raw: unknown, fields: Fields) => ({
  ...fields,
  alerts: alertsOf(outputOf(raw)?.alerts),
  transactionId: transactionIdOf(raw),
  raw,
});

/** FedEx's address object, only with the fields the caller gave. */
export function addressPayload(address: Address, residential?: boolean): Record<string, unknown> {
  return {
    ...(address.streetLines ? { streetLines: address.streetLines } : {}),
    ...pickTexts(address, ['city', 'stateOrProvinceCode', 'postalCode']),
    countryCode: address.countryCode,
    ...(residential === undefined ? {} : { residential }),
  };
}

export function partyPayload(party: Party): Record<string, unknown> {
  return { address: addressPayload(party.address, party.residential) };
}

/** FedEx's package lines: weight, then dimensions when given, nothing else the caller passed. */
export const packageLineItems = (packages: PackageInput[]) =>
  packages.map(({ weight, dimensions }) => {
    const line = { weight: { units: weight.units, value: weight.value } };
    if (!dimensions) return line;
    const { length, width, height, units } = dimensions;
    return { ...line, dimensions: { length, width, height, units } };
  });

/** FedEx's alerts of an answer: those with a code, each with every field FedEx sent. */
export const alertsOf = (value: unknown): FedExAlert[] =>
  asRecords(value).flatMap((alert) => (asText(alert.code) ? [{ ...alert } as FedExAlert] : []));

export function money(amount: unknown, currency: unknown): Money | undefined {
  const value = asNumber(amount);
  const code = asText(currency);
  return value !== undefined && code ? { amount: value, currency: code } : undefined;
}

const WORD_NUMBERS = (
  'ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN ' +
  'FIFTEEN SIXTEEN SEVENTEEN EIGHTEEN NINETEEN TWENTY'
).split(' ');

/** FedEx's `transitTime` enum (`THREE_DAYS`) as a number of days. */
export function transitDaysOf(value: unknown): number | undefined {
  const text = asText(value);
  if (!text) return undefined;
  const match = /^([A-Z]+)_DAYS?$/.exec(text);
  if (!match) return undefined;
  const index = WORD_NUMBERS.indexOf(match[1]!);
  return index >= 0 ? index : undefined;
}
