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
      stripeWebhookSecret: undefined,
      publicUrl: 'http://127.0.0.1:3000',
    });
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
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
  });
});
