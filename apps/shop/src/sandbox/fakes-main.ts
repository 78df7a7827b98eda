/**
 * Runs the five sandbox fakes in their own process, so the shop can be
 * killed and restarted while the providers keep their state:
 *   SHOP_WEBHOOK_URL=http://127.0.0.1:3000/webhooks/stripe tsx src/sandbox/fakes-main.ts
 * then start the shop with the printed SHOP_FAKES_URL and SHOP_FAKES_TOKEN.
 */
import { startSandbox } from './sandbox.js';

const port = (name: string): number => {
  const value = Number(process.env[name] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
};

const sandbox = await startSandbox({
  webhookUrl: process.env.SHOP_WEBHOOK_URL ?? 'http://127.0.0.1:3000/webhooks/stripe',
  // Random per process unless given; a shop with SHOP_FAKES_URL reads it from the control server.
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET?.trim() || undefined,
  // Default: /webhooks/mercadopago next to SHOP_WEBHOOK_URL.
  mercadopagoWebhookUrl: process.env.SHOP_MERCADOPAGO_WEBHOOK_URL?.trim() || undefined,
  mercadopagoWebhookSecret: process.env.MERCADOPAGO_WEBHOOK_SECRET?.trim() || undefined,
  // Random per process unless given; printed once here, never served by any route.
  controlToken: process.env.SHOP_FAKES_TOKEN?.trim() || undefined,
  ports: { control: port('FAKES_CONTROL_PORT') },
});
process.stdout.write(`${JSON.stringify({ event: 'fakes_ready', urls: sandbox.urls })}\n`);
process.stdout.write(`SHOP_FAKES_URL=${sandbox.urls.control}\n`);
process.stdout.write(`SHOP_FAKES_TOKEN=${sandbox.controlToken}\n`);

const stop = () => {
  sandbox.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
