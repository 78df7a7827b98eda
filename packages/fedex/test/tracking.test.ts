import { ValidationError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { SANDBOX, setup, shipmentInput, useMockServer } from './helpers.js';

const mock = useMockServer();

describe('tracking.track', () => {
  it('75 numbers make 3 requests (30/30/15) and give 75 results in input order, one not found', async () => {
    const { fedex } = setup(mock);
    const created = await fedex.shipments.create(
      shipmentInput({
        packages: Array.from({ length: 74 }, () => ({
          weight: { units: 'LB' as const, value: 1 },
        })),
      }),
    );
    const shipped = created.packages.map((item) => item.trackingNumber);
    expect(shipped).toHaveLength(74);
    for (const number of shipped) expect(number).toMatch(/^\d{12}$/);
    const numbers = [...shipped.slice(0, 40), '999999999999', ...shipped.slice(40)].reverse();

    const results = await fedex.tracking.track(numbers);

    const calls = mock.callsTo('POST', `${SANDBOX}/track/v1/trackingnumbers`);
    expect(calls).toHaveLength(3);
    expect(
      calls.map((call) => call.json<{ trackingInfo: unknown[] }>().trackingInfo.length),
    ).toEqual([30, 30, 15]);
    expect(results.map((result) => result.trackingNumber)).toEqual(numbers);
    const failed = results.filter((result) => !result.ok);
    expect(failed).toEqual([
      expect.objectContaining({
        trackingNumber: '999999999999',
        ok: false,
        error: {
          code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
          message:
            'Tracking number cannot be found. Please correct the tracking number and try again.',
        },
      }),
    ]);
    const found = results.find((result) => result.ok);
    expect(found).toMatchObject({
      ok: true,
      status: { code: 'OC', derivedCode: 'IN', description: 'Label created' },
      estimatedDelivery: '2026-12-01T20:00:00-06:00',
    });
    if (found?.ok) {
      expect(found.events[0]).toMatchObject({
        eventType: 'OC',
        eventDescription: 'Shipment information sent to FedEx',
        location: { city: 'Memphis', countryCode: 'US' },
      });
    }
  });

  it('runs at most `concurrency` requests at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const { fedex } = setup(mock, {
      hooks: {
        onRequest: () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
        },
        onResponse: () => {
          inFlight -= 1;
        },
      },
    });
    const numbers = Array.from({ length: 150 }, (_, index) => String(100000000000 + index));
    const results = await fedex.tracking.track(numbers, { concurrency: 2 });
    expect(results).toHaveLength(150);
    expect(mock.callsTo('POST', `${SANDBOX}/track/v1/trackingnumbers`)).toHaveLength(5);
    expect(peak).toBe(2);
  });

  it('scan events follow the shipment: picked up, delivered, cancelled', async () => {
    const { fedex, fake } = setup(mock);
    const created = await fedex.shipments.create(shipmentInput());
    const number = created.masterTrackingNumber!;
    fake.scan(number, { eventType: 'PU', eventDescription: 'Picked up' });
    fake.scan(number, { eventType: 'DL', eventDescription: 'Delivered' });
    const [result] = await fedex.tracking.track([number]);
    expect(result).toMatchObject({
      ok: true,
      status: { code: 'DL', derivedCode: 'DL', description: 'Delivered' },
    });
    if (result?.ok)
      expect(result.events.map((event) => event.eventType)).toEqual(['DL', 'PU', 'OC']);
  });

  it('a duplicated number gets one result per occurrence', async () => {
    const { fedex } = setup(mock);
    const results = await fedex.tracking.track(['1', '1']);
    expect(results.map((result) => result.trackingNumber)).toEqual(['1', '1']);
  });

  it('rejects an empty list or blank numbers before sending', async () => {
    const { fedex } = setup(mock);
    await expect(fedex.tracking.track([])).rejects.toBeInstanceOf(ValidationError);
    const error = (await fedex.tracking
      .track(['1', ' '])
      .catch((caught: unknown) => caught)) as ValidationError;
    expect(error.issues).toEqual([
      { path: ['trackingNumbers', 1], message: 'must be a non-empty string' },
    ]);
    expect(mock.calls).toHaveLength(0);
  });
});
