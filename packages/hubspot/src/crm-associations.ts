import { type PageIterable, paginate } from '@int/core';
import type { AssociationCategory, AssociationType, CallOptions } from './crm-types.js';
import type { Transport } from './transport.js';
import { Issues } from './validation.js';

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

export interface AssociationTarget {
  fromObjectType: string;
  fromObjectId: string;
  toObjectType: string;
  toObjectId: string;
}

/** One associated record as the v4 API lists it. */
export interface AssociatedObject {
  toObjectId: string | number;
  associationTypes: Array<{
    category: AssociationCategory;
    typeId: number;
    label?: string | null;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

export interface ListAssociationsOptions extends CallOptions {
  /** Page size, at most 500. Default 500. */
  limit?: number | undefined;
}

export interface AssociationsApi {
  /**
   * Associates two records: with `types` (labelled, `PUT .../{toId}`) or
   * without (HubSpot's default association, `PUT .../default/...`).
   */
  create(
    target: AssociationTarget & { types?: AssociationType[] },
    options?: CallOptions,
  ): Promise<Record<string, unknown>>;
  list(
    from: { fromObjectType: string; fromObjectId: string; toObjectType: string },
    options?: ListAssociationsOptions,
  ): PageIterable<AssociatedObject>;
  /** Removes every association between the two records. */
  archive(target: AssociationTarget, options?: CallOptions): Promise<void>;
}

function checkTarget(issues: Issues, target: Partial<AssociationTarget>, withTo: boolean): void {
  issues.objectType(['fromObjectType'], target?.fromObjectType);
  issues.id(['fromObjectId'], target?.fromObjectId);
  issues.objectType(['toObjectType'], target?.toObjectType);
  if (withTo) issues.id(['toObjectId'], target?.toObjectId);
}

export function createAssociationsApi(transport: Transport): AssociationsApi {
  const { paths } = transport;
  return {
    async create(target, options = {}) {
      const issues = new Issues('associations.create');
      checkTarget(issues, target, true);
      if (target?.types !== undefined) {
        if (!Array.isArray(target.types) || target.types.length === 0) {
          issues.add(
            ['types'],
            'must be a non-empty list (leave it out for the default association)',
          );
        } else {
          target.types.forEach((type, index) => {
            if (
              !['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'].includes(
                type?.associationCategory,
              )
            ) {
              issues.add(
                ['types', index, 'associationCategory'],
                'must be HUBSPOT_DEFINED, USER_DEFINED or INTEGRATOR_DEFINED',
              );
            }
            issues.integer(
              ['types', index, 'associationTypeId'],
              type?.associationTypeId,
              1,
              Number.MAX_SAFE_INTEGER,
            );
          });
        }
      }
      issues.throwIfAny();
      const from = String(target.fromObjectId);
      const to = String(target.toObjectId);
      if (!target.types) {
        return transport.request<Record<string, unknown>>({
          method: 'PUT',
          path: paths.associationDefault(target.fromObjectType, from, target.toObjectType, to),
          operation: 'associations.createDefault',
          signal: options.signal,
        });
      }
      return transport.request<Record<string, unknown>>({
        method: 'PUT',
        path: paths.associationLabelled(target.fromObjectType, from, target.toObjectType, to),
        body: target.types,
        operation: 'associations.create',
        signal: options.signal,
      });
    },

    list(from, options = {}) {
      const issues = new Issues('associations.list');
      checkTarget(issues, from as Partial<AssociationTarget>, false);
      issues.integer(['limit'], options.limit, 1, 500);
      issues.throwIfAny();
      return paginate<AssociatedObject>(async (cursor) => {
        const page = await transport.request<{
          results?: AssociatedObject[];
          paging?: { next?: { after?: string } };
        }>({
          method: 'GET',
          path: paths.associationsList(
            from.fromObjectType,
            String(from.fromObjectId),
            from.toObjectType,
          ),
          query: { limit: options.limit ?? 500, after: cursor },
          operation: 'associations.list',
          signal: options.signal,
        });
        return { items: page?.results ?? [], nextCursor: page?.paging?.next?.after };
      });
    },

    async archive(target, options = {}) {
      const issues = new Issues('associations.archive');
      checkTarget(issues, target, true);
      issues.throwIfAny();
      await transport.request<void>({
        method: 'DELETE',
        path: paths.associationLabelled(
          target.fromObjectType,
          String(target.fromObjectId),
          target.toObjectType,
          String(target.toObjectId),
        ),
        operation: 'associations.archive',
        signal: options.signal,
      });
    },
  };
}
