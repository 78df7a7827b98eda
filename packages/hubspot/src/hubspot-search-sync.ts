import { describeValue, modifiedSinceSync, toEpochMillis, ValidationIssues } from '@int/core';
import type {
  FilterOperator,
  HubSpotObject,
  SearchSender,
  SyncApi,
  SyncCheckpoint,
} from './crm-types.js';
import { checkStringList } from './validation.js';

/** An object type for a message: a symbol or an object is described, never converted (a TypeError). */
const typeName = (value: unknown) => (typeof value === 'string' ? value : describeValue(value));

const OBJECT_ID = 'hs_object_id';

export function defaultModifiedProperty(objectType: string): string {
  return objectType === 'contacts' || objectType === '0-1'
    ? 'lastmodifieddate'
    : 'hs_lastmodifieddate';
}

const isCheckpoint = (value: unknown): value is SyncCheckpoint =>
  typeof value === 'object' && value !== null && !(value instanceof Date) && 'modifiedAt' in value;

export function createSyncApi(search: SearchSender): SyncApi {
  return {
    changedSince(objectType, since, options = {}) {
      const issues = new ValidationIssues('hubspot', 'sync.changedSince');
      issues.nonEmptyString(['objectType'], objectType);
      issues.integer(['pageSize'], options?.pageSize, 1, 200);
      checkStringList(issues, ['properties'], options?.properties);
      let start: number | undefined;
      let mode: SyncCheckpoint['mode'] = 'at';
      let afterId: string | undefined;
      let seenIds: string[] = [];
      if (isCheckpoint(since)) {
        start = toEpochMillis(since.modifiedAt);
        issues.oneOf(['since', 'mode'], since.mode ?? '', ['at', 'after', 'sweep']);
        if (since.objectType !== objectType) {
          issues.add(
            ['since', 'objectType'],
            `checkpoint is for ${typeName(since.objectType)}, not ${typeName(objectType)}`,
          );
        }
        mode = since.mode;
        afterId = since.afterId;
        // Ids are strings or numbers; anything else (a symbol, an object) is refused, not converted.
        const ids: unknown[] = Array.isArray(since.seenIds) ? since.seenIds : [];
        const isId = (id: unknown) => typeof id === 'string' || typeof id === 'number';
        if (!ids.every(isId)) issues.add(['since', 'seenIds'], 'must be a list of record ids');
        seenIds = ids.filter(isId).map(String);
      } else {
        start = toEpochMillis(since);
      }
      if (start === undefined)
        issues.add(['since'], 'must be a Date, an ISO date, epoch milliseconds or a checkpoint');
      issues.throwIfAny();

      const modifiedProperty = options?.modifiedProperty ?? defaultModifiedProperty(objectType);
      const pageSize = options?.pageSize ?? 200;
      const properties = [...new Set([...(options?.properties ?? []), modifiedProperty])];
      let requests = 0;

      const sync = modifiedSinceSync<HubSpotObject>({
        from: { at: start!, mode, afterId, seenIds },
        pageSize,
        idOf: (object) => String(object.id),
        modifiedOf: (object) =>
          toEpochMillis(object.properties?.[modifiedProperty]) ?? toEpochMillis(object.updatedAt),
        async fetchPage(query) {
          const moment = String(query.at);
          const where = (
            operator: FilterOperator,
            value = moment,
            propertyName = modifiedProperty,
          ) => ({
            propertyName,
            operator,
            value,
          });
          // One timestamp holding more records than a page is walked by id.
          const sweep = query.mode === 'sweep';
          const after = query.afterId === undefined ? [] : [where('GT', query.afterId, OBJECT_ID)];
          const filters = sweep
            ? [where('GTE'), where('LTE'), ...after]
            : [where(query.mode === 'after' ? 'GT' : 'GTE')];
          const direction = 'ASCENDING' as const;
          const sorts = [{ propertyName: sweep ? OBJECT_ID : modifiedProperty, direction }];
          requests += 1;
          const page = await search(
            objectType,
            { filterGroups: [{ filters }], sorts, properties, limit: pageSize },
            options,
          );
          return page?.results ?? [];
        },
      });

      return {
        [Symbol.asyncIterator]: () => sync[Symbol.asyncIterator](),
        get checkpoint(): SyncCheckpoint {
          const { at, mode, afterId, seenIds } = sync.position;
          return {
            objectType,
            modifiedAt: new Date(at).toISOString(),
            mode,
            ...(afterId !== undefined ? { afterId } : {}),
            seenIds,
          };
        },
        get requests() {
          return requests;
        },
      };
    },
  };
}
