/** Property values as HubSpot sends them: strings, and `null` for an empty value. */
export type HubSpotProperties = Record<string, string | null>;

/** Values accepted on writes; numbers and booleans are sent as strings by HubSpot anyway. */
export type HubSpotPropertyInput = Record<string, string | number | boolean | null>;

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationType {
  associationCategory: AssociationCategory;
  associationTypeId: number;
}

/** An association set while creating a record. */
export interface AssociationInput {
  to: { id: string };
  types: AssociationType[];
}

/** A CRM record (contact, company, deal, custom object). Unknown fields pass through. */
export interface HubSpotObject {
  id: string;
  properties: HubSpotProperties;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  archivedAt?: string;
  propertiesWithHistory?: Record<
    string,
    Array<{ value: string; timestamp: string; sourceType?: string; [key: string]: unknown }>
  >;
  associations?: Record<
    string,
    { results: Array<{ id: string; type: string; [key: string]: unknown }>; [key: string]: unknown }
  >;
  objectWriteTraceId?: string;
  url?: string;
  [key: string]: unknown;
}

export interface CreateObjectInput {
  properties: HubSpotPropertyInput;
  associations?: AssociationInput[] | undefined;
}

export interface UpdateObjectInput {
  properties: HubSpotPropertyInput;
}

export type FilterOperator =
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LTE'
  | 'GT'
  | 'GTE'
  | 'BETWEEN'
  | 'IN'
  | 'NOT_IN'
  | 'HAS_PROPERTY'
  | 'NOT_HAS_PROPERTY'
  | 'CONTAINS_TOKEN'
  | 'NOT_CONTAINS_TOKEN';

export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string | number | boolean | undefined;
  /** Upper bound for `BETWEEN`. */
  highValue?: string | number | undefined;
  /** For `IN` / `NOT_IN`. */
  values?: Array<string | number> | undefined;
}

export interface SearchFilterGroup {
  filters: SearchFilter[];
}

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

export interface SearchRequest {
  /** ORed groups of ANDed filters: at most 5 groups, 10 filters each, 25 in all. */
  filterGroups?: SearchFilterGroup[] | undefined;
  /** HubSpot honours one sort. */
  sorts?: SearchSort[] | undefined;
  /** Free-text search over the default searchable properties. */
  query?: string | undefined;
  properties?: string[] | undefined;
  /** Page size, at most 200. Default 100. */
  limit?: number | undefined;
}

/** Common per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}
