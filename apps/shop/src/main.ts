import { existsSync } from 'node:fs';
import { consoleLogger, type LogLevel } from '@int/core';
import { loadConfig } from './config.js';
import { runDemo } from './demo.js';
import { startShop } from './shop.js';

// Keys from apps/shop/.env when present (see .env.example); the real environment wins.
if (existsSync('.env')) process.loadEnvFile('.env');

const logger = consoleLogger({
  level: (process.env.INT_LOG_LEVEL as LogLevel | undefined) ?? 'info',
});
const config = loadConfig();
if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
  // No login: anyone who reaches the port can place orders and read customers' data.
  logger.warn(
    { event: 'shop_exposed', host: config.host },
    'HOST is not a loopback address: the shop has no authentication (see "Exposing the shop" in its README)',
  );
  process.stderr.write(
    `\n  WARNING: listening on ${config.host}. The shop has no login; anyone who reaches it can place orders\n  and read every order. Put an authenticating proxy in front, or set HOST=127.0.0.1.\n\n`,
  );
}
const shop = await startShop(config, { logger });

// Bound to the loopback address; browsers know it as localhost.
const shown = shop.url.replace('://127.0.0.1:', '://localhost:');
process.stdout.write(`\n  int shop is running at ${shown}\n`);
process.stdout.write(
  `  stripe: ${config.stripe.mode} · mercadopago: ${config.mercadopago.mode} · fedex: ${config.fedex.mode} · ups: ${config.ups.mode} · hubspot: ${config.hubspot.mode} · stores: ${shop.context.backendKind} (${config.dataDir})\n\n`,
);

if (process.argv.includes('--demo')) {
  const orders = await runDemo(shop.context);
  process.stdout.write(`  demo: placed ${orders.length} orders; watch them on ${shown}\n\n`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ event: 'shop_stopping', signal }, 'Stopping');
  shop.close().finally(() => process.exit(0));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
