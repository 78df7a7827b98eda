import { type HealthStatus, percentile } from '@int/core';
import { PROVIDER_NAMES, type ProviderName } from '../config.js';
import type { ShopContext } from '../shop-context.js';

export const PROVIDERS = PROVIDER_NAMES;
export type { ProviderName };

/** One dashboard card: what `/api/health` returns per provider. */
export interface ProviderCard {
  provider: ProviderName;
  mode: 'sandbox' | 'live';
  health: HealthStatus;
  /** Over the health window, 0..1; caller errors (400/404/409/422) count as healthy. */
  successRate: number | undefined;
  windowCount: number;
  /** Latency over the calls of the window, in ms. */
  p50: number | undefined;
  p95: number | undefined;
  totalCalls: number;
  lastError: { name: string; message: string; status: number | undefined; at: number } | undefined;
}

export function providerCards(context: ShopContext): ProviderCard[] {
  const now = context.now();
  const windowStart = now - context.config.healthWindowMs;
  return PROVIDERS.map((provider) => {
    const health = context.metrics.health(provider);
    const durations = context.calls
      .since(windowStart)
      .filter((call) => call.provider === provider)
      .map((call) => call.durationMs)
      .sort((a, b) => a - b);
    let lastError: ProviderCard['lastError'];
    let totalCalls = 0;
    for (const operation of health.operations) {
      totalCalls += operation.count;
      const error = operation.lastError;
      if (error && (!lastError || error.at.getTime() > lastError.at)) {
        lastError = {
          name: error.name,
          message: error.message,
          status: error.status,
          at: error.at.getTime(),
        };
      }
    }
    return {
      provider,
      mode: context.config[provider].mode,
      health: health.health,
      successRate: health.successRate,
      windowCount: health.windowCount,
      p50: percentile(durations, 0.5),
      p95: percentile(durations, 0.95),
      totalCalls,
      lastError,
    };
  });
}
