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
const shop = await startShop(config, { logger });

// Bound to the loopback address; browsers know it as localhost.
const shown = shop.url.replace('://127.0.0.1:', '://localhost:');
process.stdout.write(`\n  int shop is running at ${shown}\n`);
process.stdout.write(
  `  stripe: ${config.stripe.mode} · fedex: ${config.fedex.mode} · hubspot: ${config.hubspot.mode} · stores: ${shop.context.backendKind} (${config.dataDir})\n\n`,
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
