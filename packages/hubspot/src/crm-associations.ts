import { endpoint, type ProviderClient } from '@int/core';
import { afterCursor } from './crm-objects.js';
import type { AssociatedObject, AssociationsApi, HubSpotPage } from './crm-types.js';

/** HubSpot-defined association type ids for the common pairs (`HUBSPOT_DEFINED`). */
export const ASSOCIATION_TYPE_IDS = {
  contactToCompanyPrimary: 1,
  companyToContactPrimary: 2,
  dealToContact: 3,
  contactToDeal: 4,
  dealToCompanyPrimary: 5,
  companyToDealPrimary: 6,
  contactToCompany: 279,
  companyToContact: 280,
  dealToCompany: 341,
  companyToDeal: 342,
} as const;

const CATEGORIES = ['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'];
const MAX_ID = Number.MAX_SAFE_INTEGER;

/** The v4 association endpoints; every object type and id goes through the kit's path rule. */
function associationEndpoints(base: string) {
  const pair = `${base}/{toObjectType}/{toObjectId}`;
  return {
    createDefault: endpoint<Record<string, unknown>>({
      operation: 'associations.createDefault',
      method: 'PUT',
      path: `${base}/default/{toObjectType}/{toObjectId}`,
    }),
    create: endpoint<Record<string, unknown>, Record<string, unknown>, unknown>({
      operation: 'associations.create',
      method: 'PUT',
      path: pair,
      validate: ({ body: types }, issues) => {
        if (!Array.isArray(types) || types.length === 0) {
          return issues.add(
            ['types'],
            'must be a non-empty list (leave it out for the default association)',
          );
        }
        types.forEach((type, index) => {
          const path = ['types', index];
          issues.oneOf(
            [...path, 'associationCategory'],
            type?.associationCategory ?? '',
            CATEGORIES,
          );
          issues.integer([...path, 'associationTypeId'], type?.associationTypeId ?? 0, 1, MAX_ID);
        });
      },
    }),
    list: endpoint<HubSpotPage<AssociatedObject>>({
      operation: 'associations.list',
      method: 'GET',
      path: `${base}/{toObjectType}`,
      validate: ({ query }, issues) => issues.integer(['limit'], query?.limit, 1, 500),
    }),
    archive: endpoint<unknown, void>({
      operation: 'associations.archive',
      method: 'DELETE',
      path: pair,
      map: () => undefined,
    }),
  };
}

const PAGES = afterCursor<HubSpotPage<AssociatedObject>, AssociatedObject>('query');

// The kit fills each `{placeholder}` from the target's field of that name and checks it.
export function createAssociationsApi(client: ProviderClient, base: string): AssociationsApi {
  const endpoints = associationEndpoints(base);
  return {
    create: (target, options) =>
      target?.types === undefined
        ? client.call(endpoints.createDefault, { path: { ...target } }, options)
        : client.call(endpoints.create, { path: { ...target }, body: target.types }, options),
    list: (from, options) =>
      client.list(
        endpoints.list,
        { path: { ...from }, query: { limit: options?.limit ?? 500 } },
        PAGES,
        options,
      ),
    archive: (target, options) => client.call(endpoints.archive, { path: { ...target } }, options),
  };
}
