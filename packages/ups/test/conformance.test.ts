import { describeProviderConformance } from '@int/core/testing';
import { createUPS, type UPS } from '../src/index.js';
import { createUPSFake } from '../src/testing/index.js';
import { ACCOUNT, CIE, CLIENT_ID, CLIENT_SECRET, rateInput, shipmentInput } from './helpers.js';

// UPS has three credentials; the suite checks the secret one, the others are given.
await describeProviderConformance<UPS>({
  name: 'ups',
  secretOption: 'clientSecret',
  envVar: 'UPS_CLIENT_SECRET',
  secret: CLIENT_SECRET,
  baseURL: CIE,
  versionPrefix: '/api',
  create: (options) => createUPS({ clientId: CLIENT_ID, accountNumber: ACCOUNT, ...options }),
  fake: () => createUPSFake(),
  read: (ups, options) => ups.rates.quote(rateInput(), options),
  write: (ups, options) => ups.shipments.create(shipmentInput(), options),
  // References are free text: the one call with a caller's string in its path.
  withId: (ups, id) => ups.tracking.byReference(id),
});
