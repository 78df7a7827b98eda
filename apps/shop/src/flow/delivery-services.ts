import type { Carrier } from '../config.js';
import type { DeliveryOption } from '../store/order-types.js';

/**
 * The one table of which carrier services meet each delivery option the
 * shop offers: `standard` (within five business days), `express` (two) and
 * `overnight` (next business day). Rate shopping picks the cheapest quoted
 * service listed here for the order's option, across both carriers. A service
 * missing from a row is never chosen for that option, however cheap.
 */
export const DELIVERY_SERVICES: Readonly<
  Record<DeliveryOption, Readonly<Record<Carrier, readonly string[]>>>
> = {
  standard: {
    fedex: [
      'FEDEX_GROUND',
      'GROUND_HOME_DELIVERY',
      'FEDEX_2_DAY',
      'STANDARD_OVERNIGHT',
      'PRIORITY_OVERNIGHT',
      'INTERNATIONAL_ECONOMY',
      'FEDEX_INTERNATIONAL_PRIORITY',
    ],
    // Ground, 3 Day Select, 2nd Day Air (A.M.), the Next Day Airs; Worldwide services abroad.
    ups: ['03', '12', '02', '59', '13', '01', '14', '11', '08', '65', '07', '54'],
  },
  express: {
    fedex: [
      'FEDEX_2_DAY',
      'STANDARD_OVERNIGHT',
      'PRIORITY_OVERNIGHT',
      'FEDEX_INTERNATIONAL_PRIORITY',
    ],
    ups: ['02', '59', '13', '01', '14', '07', '54'],
  },
  overnight: {
    fedex: ['STANDARD_OVERNIGHT', 'PRIORITY_OVERNIGHT'],
    ups: ['13', '01', '14'],
  },
};

/** Whether `service` of `carrier` meets `option`. */
export function meetsDeliveryOption(
  option: DeliveryOption,
  carrier: Carrier,
  service: string,
): boolean {
  return DELIVERY_SERVICES[option][carrier].includes(service);
}
