import type { UPSServiceCode } from './ups-types.js';

// Code and name, from the service lists of UPS's Rating and Shipping specs.
const SERVICE_TABLE =
  '01 Next Day Air|02 2nd Day Air|03 Ground|07 Worldwide Express|08 Worldwide Expedited|' +
  '11 Standard|12 3 Day Select|13 Next Day Air Saver|14 Next Day Air Early|' +
  '17 Worldwide Economy DDU|54 Worldwide Express Plus|59 2nd Day Air A.M.|65 Worldwide Saver|' +
  '70 Access Point Economy|71 Worldwide Express Freight Midday|72 Worldwide Economy DDP|' +
  '74 Express 12:00|75 Heavy Goods|82 Today Standard|83 Today Dedicated Courier|' +
  '84 Today Intercity|85 Today Express|86 Today Express Saver|96 Worldwide Express Freight|' +
  'M2 First Class Mail|M3 Priority Mail|M4 Expedited Mail Innovations|' +
  'M5 Priority Mail Innovations|M6 Economy Mail Innovations|M7 Mail Innovations Returns|' +
  'C6 Roadie XD AM|C7 Roadie XD PM|C8 Roadie XD Anytime|T0 Master (TradeDirect)|T1 LTL (TradeDirect)';

/** UPS service code → name, e.g. `03` → `Ground`. */
export const UPS_SERVICES = Object.freeze(
  Object.fromEntries(SERVICE_TABLE.split('|').map((entry) => [entry.slice(0, 2), entry.slice(3)])),
) as Readonly<Record<UPSServiceCode, string>>;
