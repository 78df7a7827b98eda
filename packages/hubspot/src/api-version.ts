import type { HubSpotApiVersion } from './hubspot-types.js';

/**
 * HubSpot's date-versioned releases (`/crm/objects/2026-09/contacts`), newest
 * last. `v3` selects the legacy numeric paths (`/crm/v3/objects/...`,
 * `/crm/v4/...` for associations), supported by HubSpot until September 2027.
 */
export const HUBSPOT_API_VERSIONS = ['2026-03', '2026-09'] as const;

/** The newest date version this package knows; the default. */
export const LATEST_API_VERSION: HubSpotApiVersion = '2026-09';

export function isApiVersion(value: unknown): value is HubSpotApiVersion {
  return typeof value === 'string' && (value === 'v3' || /^\d{4}-(0[1-9]|1[0-2])$/.test(value));
}

/** The path templates of one API version; `{name}` placeholders are filled and encoded by the kit. */
export function crmPaths(version: HubSpotApiVersion) {
  const legacy = version === 'v3';
  return {
    /** `/crm/objects/2026-09/contacts`: the object type is checked once by `objects(type)`. */
    objects: (type: string) =>
      `${legacy ? '/crm/v3/objects' : `/crm/objects/${version}`}/${encodeURIComponent(type)}`,
    /** The associations of one record to one object type. */
    associations: `${legacy ? '/crm/v4/objects' : `/crm/objects/${version}`}/{fromObjectType}/{fromObjectId}/associations`,
  };
}
