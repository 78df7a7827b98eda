import { describeProviderConformance } from '@int/core/testing';
import { createFedEx, type FedEx } from '../src/index.js';
import { createFedExFake } from '../src/testing/index.js';
import {
  ACCOUNT,
  beverlyHills,
  CLIENT_ID,
  CLIENT_SECRET,
  memphis,
  SANDBOX,
  shipmentInput,
} from './helpers.js';

// FedEx has three credentials; the suite checks the secret one, the others are given.
await describeProviderConformance<FedEx>({
  name: 'fedex',
  secretOption: 'clientSecret',
  envVar: 'FEDEX_CLIENT_SECRET',
  secret: CLIENT_SECRET,
  baseURL: SANDBOX,
  create: (options) => createFedEx({ clientId: CLIENT_ID, accountNumber: ACCOUNT, ...options }),
  fake: () => createFedExFake(),
  read: (fedex, options) =>
    fedex.rates.quote(
      {
        shipper: memphis,
        recipient: beverlyHills,
        packages: [{ weight: { units: 'LB', value: 1 } }],
      },
      options,
    ),
  write: (fedex, options) => fedex.shipments.create(shipmentInput(), options),
});
