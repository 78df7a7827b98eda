/** Deterministic rate tables of the fake: price by service, billable weight and zone. */

export interface FakeService {
  serviceType: string;
  serviceName: string;
  /** Flat part, USD. */
  base: number;
  /** Per billable pound, USD. */
  perPound: number;
  /** Days in transit, by zone (ground) or fixed. */
  transitDays: (zone: number) => number;
}

/** Ground services: 1 to 5 days by zone. */
const ground = (zone: number) => Math.min(5, Math.max(1, zone - 1));

const service = (
  serviceType: string,
  serviceName: string,
  base: number,
  perPound: number,
  transitDays: number | ((zone: number) => number),
): FakeService => ({
  serviceType,
  serviceName,
  base,
  perPound,
  transitDays: typeof transitDays === 'number' ? () => transitDays : transitDays,
});

export const DOMESTIC_SERVICES: FakeService[] = [
  service('FEDEX_GROUND', 'FedEx Ground®', 8.5, 0.75, ground),
  service('FEDEX_2_DAY', 'FedEx 2Day®', 18, 1.6, 2),
  service('STANDARD_OVERNIGHT', 'FedEx Standard Overnight®', 32, 2.4, 1),
  service('PRIORITY_OVERNIGHT', 'FedEx Priority Overnight®', 41, 2.9, 1),
];

export const HOME_DELIVERY = service(
  'GROUND_HOME_DELIVERY',
  'FedEx Home Delivery®',
  9.75,
  0.8,
  ground,
);

export const INTERNATIONAL_SERVICES: FakeService[] = [
  service('INTERNATIONAL_ECONOMY', 'FedEx International Economy®', 55, 4.2, 5),
  service('FEDEX_INTERNATIONAL_PRIORITY', 'FedEx International Priority®', 68, 5.1, 3),
];

export const FUEL_SURCHARGE_PERCENT = 10;
/** ACCOUNT rates are this share of LIST rates. */
export const ACCOUNT_DISCOUNT = 0.85;

const DAY_WORDS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** FedEx's `transitTime` enum for a number of days. */
export function transitTimeWord(days: number): string {
  return `${DAY_WORDS[days] ?? 'TEN'}_${days === 1 ? 'DAY' : 'DAYS'}`;
}

/** US zones 2-8 from the first digits of the ZIP codes; 9 between countries. */
export function zoneFor(
  origin: { countryCode?: string; postalCode?: string },
  destination: { countryCode?: string; postalCode?: string },
): number {
  if (origin.countryCode !== destination.countryCode) return 9;
  const from = Number.parseInt((origin.postalCode ?? '0').slice(0, 1), 10) || 0;
  const to = Number.parseInt((destination.postalCode ?? '0').slice(0, 1), 10) || 0;
  return Math.min(8, 2 + Math.abs(from - to));
}

/** Whole billable pounds (KG converted, rounded up, at least 1). */
export function billablePounds(weights: Array<{ units: string; value: number }>): number {
  const pounds = weights.reduce(
    (sum, weight) => sum + (weight.units === 'KG' ? weight.value * 2.20462 : weight.value),
    0,
  );
  return Math.max(1, Math.ceil(pounds - 1e-9));
}

const cents = (value: number): number => Math.round(value * 100) / 100;

export type Charge = { base: number; surcharge: number; net: number };

/** A base charge with the fuel surcharge on top. */
function withFuel(base: number): Charge {
  const surcharge = cents((base * FUEL_SURCHARGE_PERCENT) / 100);
  return { base, surcharge, net: cents(base + surcharge) };
}

/** LIST charge of one service. */
export const listCharge = (service: FakeService, pounds: number, zone: number): Charge =>
  withFuel(cents((service.base + service.perPound * pounds) * (1 + (zone - 2) * 0.08)));

export const accountCharge = (list: Charge): Charge =>
  withFuel(cents(list.base * ACCOUNT_DISCOUNT));

export function servicesFor(
  origin: { countryCode?: string },
  destination: { countryCode?: string; residential?: boolean },
): FakeService[] {
  if (origin.countryCode !== destination.countryCode) return INTERNATIONAL_SERVICES;
  if (destination.residential) {
    return [HOME_DELIVERY, ...DOMESTIC_SERVICES.filter((s) => s.serviceType !== 'FEDEX_GROUND')];
  }
  return DOMESTIC_SERVICES;
}

/** Every service the fake knows. */
export function serviceByType(serviceType: string): FakeService | undefined {
  return [...DOMESTIC_SERVICES, HOME_DELIVERY, ...INTERNATIONAL_SERVICES].find(
    (service) => service.serviceType === serviceType,
  );
}

/** `YYYY-MM-DD` `days` after `date` (weekends ignored: the fake is simple). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
