import { endpoint } from '@int/core';
import { shipmentPayload } from './payload.js';
import { alertsOf, at, list, money, text } from './ups-answers.js';
import { UPS_SERVICES } from './ups-services.js';
import type { RateQuote, RateQuoteResult, Rates, UPSContext } from './ups-types.js';
import { checkShipmentInput } from './validation.js';

export function parseRates(raw: unknown): RateQuote[] {
  return list(at(raw, 'RateResponse', 'RatedShipment')).map((rated) => {
    const service = text(at(rated, 'Service', 'Code')) ?? 'UNKNOWN';
    const total = money(rated.TotalCharges);
    const negotiatedTotal = money(at(rated, 'NegotiatedRateCharges', 'TotalCharge'));
    return {
      service,
      serviceName: UPS_SERVICES[service as keyof typeof UPS_SERVICES],
      total,
      negotiatedTotal,
      // Absent when the shipment does not qualify for the account's rates: the published one is due.
      charge: negotiatedTotal ?? total,
      transportation: money(rated.TransportationCharges),
      serviceOptions: money(rated.ServiceOptionsCharges),
      alerts: alertsOf(rated.RatedShipmentAlert),
    };
  });
}

const quote = endpoint<unknown, RateQuoteResult>({
  operation: 'rates.quote',
  method: 'POST',
  path: '/api/rating/v2409/{requestOption}',
  idempotent: true,
  map: (raw) => ({
    quotes: parseRates(raw),
    alerts: alertsOf(at(raw, 'RateResponse', 'Response', 'Alert')),
    raw,
  }),
});

export function createRates({ client, accountNumber }: UPSContext): Rates {
  return {
    async quote(input, options) {
      checkShipmentInput('rates.quote', input, false);
      // The Rating spec still lists `Request.RequestOption`; it moved to the path.
      const body = {
        RateRequest: { Request: {}, Shipment: shipmentPayload(input, accountNumber(), false) },
      };
      const path = { requestOption: input.service ? 'Rate' : 'Shop' };
      return client.call(quote, { path, body }, options);
    },
  };
}
