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

export const DOMESTIC_SERVICES: FakeService[] = [
  {
    serviceType: 'FEDEX_GROUND',
    serviceName: 'FedEx Ground®',
    base: 8.5,
    perPound: 0.75,
    transitDays: (zone) => Math.min(5, Math.max(1, zone - 1)),
  },
  {
    serviceType: 'FEDEX_2_DAY',
    serviceName: 'FedEx 2Day®',
    base: 18,
    perPound: 1.6,
    transitDays: () => 2,
  },
  {
    serviceType: 'STANDARD_OVERNIGHT',
    serviceName: 'FedEx Standard Overnight®',
    base: 32,
    perPound: 2.4,
    transitDays: () => 1,
  },
  {
    serviceType: 'PRIORITY_OVERNIGHT',
    serviceName: 'FedEx Priority Overnight®',
    base: 41,
    perPound: 2.9,
    transitDays: () => 1,
  },
];

export const HOME_DELIVERY: FakeService = {
  serviceType: 'GROUND_HOME_DELIVERY',
  serviceName: 'FedEx Home Delivery®',
  base: 9.75,
  perPound: 0.8,
  transitDays: (zone) => Math.min(5, Math.max(1, zone - 1)),
};

export const INTERNATIONAL_SERVICES: FakeService[] = [
  {
    serviceType: 'INTERNATIONAL_ECONOMY',
    serviceName: 'FedEx International Economy®',
    base: 55,
    perPound: 4.2,
    transitDays: () => 5,
  },
  {
    serviceType: 'FEDEX_INTERNATIONAL_PRIORITY',
    serviceName: 'FedEx International Priority®',
    base: 68,
    perPound: 5.1,
    transitDays: () => 3,
  },
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

/** LIST base and net charge of one service. */
export function listCharge(
  service: FakeService,
  pounds: number,
  zone: number,
): { base: number; surcharge: number; net: number } {
  const base = cents((service.base + service.perPound * pounds) * (1 + (zone - 2) * 0.08));
  const surcharge = cents((base * FUEL_SURCHARGE_PERCENT) / 100);
  return { base, surcharge, net: cents(base + surcharge) };
}

export function accountCharge(list: { base: number; surcharge: number }): {
  base: number;
  surcharge: number;
  net: number;
} {
  const base = cents(list.base * ACCOUNT_DISCOUNT);
  const surcharge = cents((base * FUEL_SURCHARGE_PERCENT) / 100);
  return { base, surcharge, net: cents(base + surcharge) };
}

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
