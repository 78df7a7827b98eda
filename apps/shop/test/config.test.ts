import { ConfigurationError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to the sandbox on port 3000 with data in ./.data', () => {
    const config = loadConfig({}, '/srv/shop');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/shop/.data',
      redisUrl: undefined,
      stripe: { mode: 'sandbox' },
      fedex: { mode: 'sandbox' },
      hubspot: { mode: 'sandbox' },
      mercadopago: { mode: 'sandbox' },
      ups: { mode: 'sandbox' },
      stripeWebhookSecret: undefined,
      mercadopagoWebhookSecret: undefined,
      carriers: ['fedex', 'ups'],
      rateQuoteTimeoutMs: 10_000,
      publicUrl: 'http://127.0.0.1:3000',
    });
  });

  it('switches MercadoPago and UPS to their real APIs with their whole key sets, and reads the carriers', () => {
    const config = loadConfig({
      MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-x',
      MERCADOPAGO_WEBHOOK_SECRET: 'mp-secret',
      UPS_CLIENT_ID: 'id',
      UPS_CLIENT_SECRET: 'secret',
      UPS_ACCOUNT_NUMBER: 'A1B2C3',
      UPS_BASE_URL: 'http://127.0.0.1:9999',
      SHOP_CARRIERS: ' UPS ',
      SHOP_RATE_TIMEOUT_MS: '2500',
    });
    expect(config.mercadopago).toEqual({ mode: 'live', baseURL: undefined });
    expect(config.mercadopagoWebhookSecret).toBe('mp-secret');
    expect(config.ups).toEqual({ mode: 'live', baseURL: 'http://127.0.0.1:9999' });
    expect(config.carriers).toEqual(['ups']);
    expect(config.rateQuoteTimeoutMs).toBe(2500);
    expect(() => loadConfig({ SHOP_CARRIERS: 'fedex,dhl' })).toThrow(/SHOP_CARRIERS must list/);
  });

  it('switches each provider to its real API only when its keys are set', () => {
    const config = loadConfig({
      PORT: '8080',
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      HUBSPOT_ACCESS_TOKEN: 'pat-x',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.stripe.mode).toBe('live');
    expect(config.hubspot.mode).toBe('live');
    expect(config.fedex.mode).toBe('sandbox');
    expect(config.stripeWebhookSecret).toBe('whsec_x');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(8080);
  });

  it('refuses half a set of keys, naming what is missing and never a value', () => {
    const fedex = () => loadConfig({ FEDEX_CLIENT_ID: 'id', FEDEX_CLIENT_SECRET: 'very-secret' });
    expect(fedex).toThrow(ConfigurationError);
    expect(fedex).toThrow(/missing FEDEX_ACCOUNT_NUMBER/);
    try {
      fedex();
    } catch (error) {
      expect((error as Error).message).not.toContain('very-secret');
    }
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    const ups = () => loadConfig({ UPS_CLIENT_ID: 'id', UPS_CLIENT_SECRET: 'ups-very-secret' });
    expect(ups).toThrow(/UPS needs all of .*; missing UPS_ACCOUNT_NUMBER/);
    expect(ups).not.toThrow(/ups-very-secret/);
    // A Pix could never be paid without the secret that verifies MercadoPago's notifications.
    expect(() => loadConfig({ MERCADOPAGO_ACCESS_TOKEN: 'APP_USR-secret-token' })).toThrow(
      /missing MERCADOPAGO_WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
  });
});
