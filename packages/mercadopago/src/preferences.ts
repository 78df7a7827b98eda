import { isRecord, type ProviderClient, type ValidationIssues } from '@int/core';
import type { Preferences } from './mercadopago-client-types.js';
import { defineOperation, type Params } from './mercadopago-params.js';
import type { Preference } from './mercadopago-types.js';
import { CURRENCY_DECIMALS, checkAmount } from './money.js';

/** Items: a title, a whole quantity, a `unit_price` with its own currency's decimals (else the account's). */
function checkItems(items: unknown, issues: ValidationIssues, decimals: number): void {
  if (!Array.isArray(items) || items.length === 0) {
    issues.add(['items'], 'must be a non-empty array');
    return;
  }
  for (const [index, item] of items.entries()) {
    if (!isRecord(item)) {
      issues.add(['items', index], 'must be an object');
      continue;
    }
    const currency = String(item.currency_id) as keyof typeof CURRENCY_DECIMALS;
    issues.nonEmptyString(['items', index, 'title'], item.title);
    issues.required(['items', index, 'quantity'], item.quantity);
    issues.integer(['items', index, 'quantity'], item.quantity, 1, Number.MAX_SAFE_INTEGER);
    const places = Object.hasOwn(CURRENCY_DECIMALS, currency)
      ? CURRENCY_DECIMALS[currency]
      : decimals;
    checkAmount(issues, ['items', index, 'unit_price'], item.unit_price, places);
  }
}

export function preferencesResource(client: ProviderClient, decimals: number): Preferences {
  const write = (operation: string, method: 'POST' | 'PUT', path: string) =>
    defineOperation<Preference>(operation, method, path, (params: Params, issues) => {
      if (method === 'POST' || params.items !== undefined)
        checkItems(params.items, issues, decimals);
    });
  const create = write('preferences.create', 'POST', '/checkout/preferences');
  const update = write('preferences.update', 'PUT', '/checkout/preferences/{id}');
  const get = defineOperation<Preference>('preferences.get', 'GET', '/checkout/preferences/{id}');
  return {
    create: (body, options) => client.call(create, { body }, options),
    get: (id, options) => client.call(get, { path: { id } }, options),
    update: (id, body, options) => client.call(update, { path: { id }, body }, options),
  };
}
