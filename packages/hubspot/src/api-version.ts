/**
 * HubSpot's date-versioned releases (`/crm/objects/2026-09/contacts`), newest
 * last. `v3` selects the legacy numeric paths (`/crm/v3/objects/...`,
 * `/crm/v4/...` for associations), supported by HubSpot until September 2027.
 */
export const HUBSPOT_API_VERSIONS = ['2026-03', '2026-09'] as const;

/** A date version (`YYYY-MM`) or `v3` for the legacy paths. */
export type HubSpotApiVersion =
  | (typeof HUBSPOT_API_VERSIONS)[number]
  | 'v3'
  | `${number}-${number}`;

/** The newest date version this package knows; the default. */
export const LATEST_API_VERSION: HubSpotApiVersion = '2026-09';

export function isApiVersion(value: unknown): value is HubSpotApiVersion {
  return typeof value === 'string' && (value === 'v3' || /^\d{4}-(0[1-9]|1[0-2])$/.test(value));
}

const segment = (value: string): string => encodeURIComponent(value);

/** Builds every path this package calls, for one API version. */
export function apiPaths(version: HubSpotApiVersion) {
  const legacy = version === 'v3';
  const objects = (type: string) =>
    legacy ? `/crm/v3/objects/${segment(type)}` : `/crm/objects/${version}/${segment(type)}`;
  const recordAssociations = (fromType: string, fromId: string) =>
    legacy
      ? `/crm/v4/objects/${segment(fromType)}/${segment(fromId)}/associations`
      : `/crm/objects/${version}/${segment(fromType)}/${segment(fromId)}/associations`;
  const associationsBatch = (fromType: string, toType: string) =>
    legacy
      ? `/crm/v4/associations/${segment(fromType)}/${segment(toType)}/batch`
      : `/crm/associations/${version}/${segment(fromType)}/${segment(toType)}/batch`;
  return {
    objects,
    object: (type: string, id: string) => `${objects(type)}/${segment(id)}`,
    search: (type: string) => `${objects(type)}/search`,
    batch: (type: string, operation: string) => `${objects(type)}/batch/${operation}`,
    associationsList: (fromType: string, fromId: string, toType: string) =>
      `${recordAssociations(fromType, fromId)}/${segment(toType)}`,
    associationLabelled: (fromType: string, fromId: string, toType: string, toId: string) =>
      `${recordAssociations(fromType, fromId)}/${segment(toType)}/${segment(toId)}`,
    associationDefault: (fromType: string, fromId: string, toType: string, toId: string) =>
      `${recordAssociations(fromType, fromId)}/default/${segment(toType)}/${segment(toId)}`,
    associationsBatch: (fromType: string, toType: string, operation: string) =>
      `${associationsBatch(fromType, toType)}/${operation}`,
  };
}

export type ApiPaths = ReturnType<typeof apiPaths>;
