import type { ProviderClient } from '@int/core';
import { checkIdentification } from './identification.js';
import type { Customers } from './mercadopago-client-types.js';
import { checkSearch, defineOperation, searchPages } from './mercadopago-params.js';
import type { Card, Customer, SearchPage } from './mercadopago-types.js';

const ONE = '/v1/customers/{id}';
const CARDS = `${ONE}/cards`;

const write = (operation: string, method: 'POST' | 'PUT', path: string) =>
  defineOperation<Customer>(operation, method, path, (params, issues) => {
    const email = method === 'POST' ? issues.nonEmptyString : issues.optionalString;
    email.call(issues, ['email'], params.email);
    checkIdentification(issues, ['identification'], params.identification);
  });
const create = write('customers.create', 'POST', '/v1/customers');
const update = write('customers.update', 'PUT', ONE);
const get = defineOperation<Customer>('customers.get', 'GET', ONE);
const search = defineOperation<SearchPage<Customer>>(
  'customers.search',
  'GET',
  `/v1/customers/search`,
  checkSearch,
);
const createCard = defineOperation<Card>(
  'customers.cards.create',
  'POST',
  CARDS,
  (params, issues) => issues.nonEmptyString(['token'], params.token),
);
const listCards = defineOperation<Card[]>('customers.cards.list', 'GET', CARDS);
const getCard = defineOperation<Card>('customers.cards.get', 'GET', `${CARDS}/{card_id}`);
const deleteCard = defineOperation<Card>('customers.cards.delete', 'DELETE', `${CARDS}/{card_id}`);

export const customersResource = (client: ProviderClient): Customers => ({
  create: (body, options) => client.call(create, { body }, options),
  get: (id, options) => client.call(get, { path: { id } }, options),
  search: (query, options) => client.list(search, { query }, searchPages(), options),
  update: (id, body, options) => client.call(update, { path: { id }, body }, options),
  cards: {
    create: (id, body, options) => client.call(createCard, { path: { id }, body }, options),
    list: (id, options) => client.call(listCards, { path: { id } }, options),
    get: (id, cardId, options) => client.call(getCard, { path: { id, card_id: cardId } }, options),
    delete: (id, card_id, options) => client.call(deleteCard, { path: { id, card_id } }, options),
  },
});
