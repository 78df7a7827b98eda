import { describe, expect, it } from 'vitest';
import { createFedExFake, DAILY_QUOTA_FAULT } from '../src/testing/index.js';
import { SANDBOX, useMockServer } from './helpers.js';

const mock = useMockServer();

function install(options: Parameters<typeof createFedExFake>[0] = {}) {
  const fake = createFedExFake(options);
  mock.use(...fake.handlers);
  return fake;
}

async function token(form: Record<string, string>) {
  const response = await fetch(`${SANDBOX}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const credentials = { client_id: 'test-client-id', client_secret: 'test-client-secret' };

async function post(path: string, body: unknown, accessToken: string, method = 'POST') {
  const response = await fetch(`${SANDBOX}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the FedEx fake', () => {
  it('issues bearer tokens with expires_in 3599 and scope CXS', async () => {
    install();
    const { status, body } = await token({ grant_type: 'client_credentials', ...credentials });
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: 'fake-fedex-access-1',
      token_type: 'bearer',
      expires_in: 3599,
      scope: 'CXS',
    });
  });

  it('checks the grant type and the credentials', async () => {
    install({ childKey: 'ck', childSecret: 'cs' });
    expect((await token({ grant_type: 'password', ...credentials })).status).toBe(400);
    const wrong = await token({
      grant_type: 'client_credentials',
      client_id: 'x',
      client_secret: 'y',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors).toEqual([
      {
        code: 'NOT.AUTHORIZED.ERROR',
        message:
          'The given client credentials were not valid. Please modify your request and try again.',
      },
    ]);
    expect((await token({ grant_type: 'csp_credentials', ...credentials })).status).toBe(400);
    expect(
      (
        await token({
          grant_type: 'csp_credentials',
          ...credentials,
          child_Key: 'ck',
          child_secret: 'no',
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await token({
          grant_type: 'csp_credentials',
          ...credentials,
          child_Key: 'ck',
          child_secret: 'cs',
        })
      ).status,
    ).toBe(200);
  });

  it('rejects calls without a valid token', async () => {
    install();
    const { status, body } = await post('/track/v1/trackingnumbers', {}, 'nope');
    expect(status).toBe(401);
    expect(body).toMatchObject({
      errors: [{ code: 'NOT.AUTHORIZED.ERROR' }],
      transactionId: expect.any(String),
    });
  });

  it('answers missing or malformed fields with INVALID.INPUT.EXCEPTION naming the field', async () => {
    install();
    const { body: issued } = await token({ grant_type: 'client_credentials', ...credentials });
    const accessToken = issued.access_token as string;
    const rate = await post(
      '/rate/v1/rates/quotes',
      {
        accountNumber: { value: '1' },
        requestedShipment: {
          shipper: { address: { countryCode: 'US' } },
          recipient: { address: { countryCode: 'usa' } },
          pickupType: 'DROPOFF_AT_FEDEX_LOCATION',
          requestedPackageLineItems: [{ weight: { units: 'LB', value: 1 } }],
        },
      },
      accessToken,
    );
    expect(rate.status).toBe(400);
    expect(rate.body.errors).toEqual([
      {
        code: 'INVALID.INPUT.EXCEPTION',
        message: 'Invalid field value in the input',
        parameterList: [{ key: 'field', value: 'requestedShipment.recipient.address.countryCode' }],
      },
    ]);
    const track = await post(
      '/track/v1/trackingnumbers',
      {
        includeDetailedScans: true,
        trackingInfo: Array.from({ length: 31 }, (_, index) => ({
          trackingNumberInfo: { trackingNumber: String(index) },
        })),
      },
      accessToken,
    );
    expect(track.status).toBe(400);
    expect(track.body.errors).toMatchObject([
      { code: 'INVALID.INPUT.EXCEPTION', message: 'Maximum limit is 30' },
    ]);
    const cancel = await post(
      '/ship/v1/shipments/cancel',
      { accountNumber: { value: '1' } },
      accessToken,
      'PUT',
    );
    expect(cancel.body.errors).toMatchObject([
      { parameterList: [{ key: 'field', value: 'trackingNumber' }] },
    ]);
  });

  it('echoes x-customer-transaction-id as customerTransactionId', async () => {
    install();
    const { body: issued } = await token({ grant_type: 'client_credentials', ...credentials });
    const response = await fetch(`${SANDBOX}/address/v1/addresses/resolve`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${issued.access_token as string}`,
        'content-type': 'application/json',
        'x-customer-transaction-id': 'echo-1',
      },
      body: JSON.stringify({
        addressesToValidate: [
          { address: { streetLines: ['1 Main St'], city: 'X', countryCode: 'US' } },
        ],
      }),
    });
    expect(await response.json()).toMatchObject({ customerTransactionId: 'echo-1' });
  });

  it('faults can be limited in number and to some operations, and cleared', async () => {
    const fake = install();
    const { body: issued } = await token({ grant_type: 'client_credentials', ...credentials });
    const accessToken = issued.access_token as string;
    fake.fail({ status: 503, path: '/track/v1/trackingnumbers' });
    const body = {
      includeDetailedScans: true,
      trackingInfo: [{ trackingNumberInfo: { trackingNumber: '1' } }],
    };
    expect((await post('/track/v1/trackingnumbers', body, accessToken)).status).toBe(503);
    expect((await post('/track/v1/trackingnumbers', body, accessToken)).status).toBe(200);
    fake.fail({ ...DAILY_QUOTA_FAULT, times: Number.POSITIVE_INFINITY });
    expect((await post('/track/v1/trackingnumbers', body, accessToken)).status).toBe(429);
    fake.clearFaults();
    expect((await post('/track/v1/trackingnumbers', body, accessToken)).status).toBe(200);
    expect(fake.calls({ path: '/track/v1/trackingnumbers' })).toBe(4);
    fake.reset();
    expect(fake.calls({ path: '/track/v1/trackingnumbers' })).toBe(0);
    expect(fake.calls({ path: '/oauth/token' })).toBe(0);
  });
});
