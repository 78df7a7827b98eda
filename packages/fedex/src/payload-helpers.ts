import { asArray, asNumber, asRecord, asText, pickTexts } from '@int/core';
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

export function packageLineItems(packages: PackageInput[]): Array<Record<string, unknown>> {
  return packages.map((item) => {
    const line: Record<string, unknown> = {
      weight: { units: item.weight.units, value: item.weight.value },
    };
    if (item.dimensions) {
      const { length, width, height, units } = item.dimensions;
      line.dimensions = { length, width, height, units };
    }
    return line;
  });
}

export function alertsOf(value: unknown): FedExAlert[] {
  return asArray(value).flatMap((item): FedExAlert[] => {
    const record = asRecord(item);
    const code = asText(record?.code);
    return record && code ? [{ ...record, code } as FedExAlert] : [];
  });
}

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
