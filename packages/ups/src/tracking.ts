import { checkList, endpoint, mapBounded, NotFoundError, ownOptions } from '@int/core';
import { at, list, statusOf, text } from './ups-answers.js';
import type { Tracking, TrackingResult, TrackOptions, UPSContext } from './ups-types.js';
import { checkText, issuesFor } from './validation.js';

type Json = Record<string, unknown>;

function packageResult(item: Json, inquiry: string): TrackingResult {
  const current = item.currentStatus;
  return {
    trackingNumber: text(item.trackingNumber) ?? inquiry,
    ok: true,
    status: current ? { type: text(at(current, 'type')), ...statusOf(current) } : undefined,
    events: list(item.activity).map((activity) => {
      const address = asStrings(at(activity, 'location', 'address'));
      const status = at(activity, 'status');
      const [date, time] = [text(activity.date), text(activity.time)];
      return { date, time, type: text(at(status, 'type')), ...statusOf(status), location: address };
    }),
    deliveryDate: text(list(item.deliveryDate)[0]?.date),
    raw: item,
  };
}

/** The location's strings only (`city`, `stateProvince`, `countryCode`, `postalCode`). */
const asStrings = (value: unknown) =>
  Object.fromEntries(
    Object.entries(value ?? {}).flatMap(([key, item]) => (text(item) ? [[key, text(item)]] : [])),
  );

/** Every package of an answer; a shipment without one gives its warning (`TW0001`) instead. */
function resultsOf(raw: unknown, inquiry: string): TrackingResult[] {
  const shipments = list(at(raw, 'trackResponse', 'shipment'));
  return (shipments.length > 0 ? shipments : [{}]).flatMap((shipment): TrackingResult[] => {
    const packages = list(shipment.package);
    if (packages.length > 0) return packages.map((item) => packageResult(item, inquiry));
    const warning = list(shipment.warnings)[0];
    const code = text(warning?.code) ?? 'TRACKING.RESULT.MISSING';
    const message = text(warning?.message) ?? 'UPS returned no package for this number.';
    return [{ trackingNumber: inquiry, ok: false, error: { code, message }, raw: shipment }];
  });
}

/** UPS answers "not found" in a 200 with a warning, though its spec also lists a 404: both are results. */
function notFound(inquiry: string, error: unknown): TrackingResult[] {
  if (!NotFoundError.isInstance(error)) throw error;
  const failure = { code: error.code ?? 'NOT_FOUND', message: error.message };
  return [{ trackingNumber: inquiry, ok: false, error: failure, raw: error.body }];
}

const byNumber = endpoint({
  operation: 'tracking.track',
  method: 'GET',
  path: '/api/track/v1/details/{inquiryNumber}',
});
const byReference = endpoint({
  operation: 'tracking.byReference',
  method: 'GET',
  path: '/api/track/v1/reference/details/{referenceNumber}',
});

export function createTracking({
  client,
  locale,
  trackingConcurrency,
  accountNumber,
}: UPSContext): Tracking {
  return {
    async track(numbers, value) {
      const issues = issuesFor('tracking.track');
      const { concurrency = trackingConcurrency, ...options } = ownOptions<TrackOptions>(
        issues,
        value,
      );
      issues.integer(['options', 'concurrency'], concurrency, 1, 64);
      checkList(issues, ['trackingNumbers'], numbers, (number, path) => {
        if (typeof number !== 'string' || !/^[A-Za-z0-9]{7,34}$/.test(number.trim())) {
          issues.add(path, 'must be 7 to 34 letters or digits');
        }
      });
      issues.throwIfAny();
      const answers = await mapBounded(
        numbers.map((number) => number.trim()),
        concurrency,
        (inquiryNumber) =>
          client.call(byNumber, { path: { inquiryNumber }, query: { locale } }, options).then(
            (raw) => resultsOf(raw, inquiryNumber),
            (error: unknown) => notFound(inquiryNumber, error),
          ),
        { signal: options.signal, provider: 'ups' },
      );
      // One result per number asked, in input order.
      return answers.map((results) => results[0]!);
    },
    async byReference(reference, options) {
      const issues = issuesFor('tracking.byReference');
      checkText(issues, ['reference'], reference, 35, true);
      issues.throwIfAny();
      // The account number scopes the search to this account's shipments.
      const query = { locale, shipperNum: accountNumber() };
      const found = await client
        .call(byReference, { path: { referenceNumber: reference }, query }, options)
        .then(
          (raw) => resultsOf(raw, reference),
          (error: unknown) => notFound(reference, error),
        );
      return found.filter((result) => result.ok);
    },
  };
}
