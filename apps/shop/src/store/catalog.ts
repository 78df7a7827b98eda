import type { ShipParty } from '@int/fedex';

/** What the shop sells: prices in cents (USD, card) and centavos (BRL, Pix), weights for rating. */
export interface Product {
  sku: string;
  name: string;
  unitAmount: number;
  /** The price of a Pix order, in centavos: Pix moves reais only. */
  unitAmountBrl: number;
  weightLb: number;
}

export const CATALOG: readonly Product[] = [
  { sku: 'MUG-01', name: 'Enamel mug', unitAmount: 1800, unitAmountBrl: 9990, weightLb: 1 },
  { sku: 'TEE-01', name: 'Organic T-shirt', unitAmount: 2500, unitAmountBrl: 12990, weightLb: 0.5 },
  { sku: 'LAMP-01', name: 'Desk lamp', unitAmount: 6400, unitAmountBrl: 34990, weightLb: 4 },
  { sku: 'BAG-01', name: 'Canvas backpack', unitAmount: 7900, unitAmountBrl: 42990, weightLb: 2.5 },
];

export function productBySku(sku: string): Product | undefined {
  return CATALOG.find((product) => product.sku === sku);
}

/** The warehouse every order ships from. */
export const WAREHOUSE: ShipParty = {
  contact: { personName: 'Int Shop Warehouse', companyName: 'Int Shop', phoneNumber: '9015551234' },
  address: {
    streetLines: ['3610 Hacks Cross Rd'],
    city: 'Memphis',
    stateOrProvinceCode: 'TN',
    postalCode: '38125',
    countryCode: 'US',
  },
};
