import { ConfigurationError, describeValue } from '@int/core';
import { type Addresses, createAddresses } from './addresses.js';
import type { FedExOptions } from './fedex-options.js';
import { createFedExTransport } from './fedex-transport.js';
import { createRates, type Rates } from './rates.js';
import { createShipments, type Shipments } from './shipments.js';
import { createTracking, type Tracking } from './tracking.js';

export interface FedEx {
  rates: Rates;
  shipments: Shipments;
  tracking: Tracking;
  addresses: Addresses;
}

/**
 * A FedEx REST client. Nothing is read from the environment and no token is
 * fetched until the first call.
 */
export function createFedEx(options: FedExOptions = {}): FedEx {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('createFedEx options must be an object when given.', {
      provider: 'fedex',
      option: 'options',
    });
  }
  const concurrency = options.trackingConcurrency ?? 3;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(
      `trackingConcurrency must be a positive integer, got ${describeValue(concurrency)}.`,
      { provider: 'fedex', option: 'trackingConcurrency' },
    );
  }
  const transport = createFedExTransport(options);
  return {
    rates: createRates(transport),
    shipments: createShipments(transport),
    tracking: createTracking(transport, concurrency),
    addresses: createAddresses(transport),
  };
}
