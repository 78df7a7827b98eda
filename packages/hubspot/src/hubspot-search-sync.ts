import { ValidationIssues } from '@int/core';
import type {
  FilterOperator,
  HubSpotObject,
  SearchSender,
  SyncApi,
  SyncCheckpoint,
} from './crm-types.js';
import { checkStringList } from './validation.js';

const OBJECT_ID = 'hs_object_id';

export function defaultModifiedProperty(objectType: string): string {
  return objectType === 'contacts' || objectType === '0-1'
    ? 'lastmodifieddate'
    : 'hs_lastmodifieddate';
}

function toMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
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
      let seen = new Set<string>();
      if (isCheckpoint(since)) {
        start = toMillis(since.modifiedAt);
        issues.oneOf(['since', 'mode'], since.mode ?? '', ['at', 'after', 'sweep']);
        if (since.objectType !== objectType) {
          issues.add(
            ['since', 'objectType'],
            `checkpoint is for ${since.objectType}, not ${objectType}`,
          );
        }
        mode = since.mode;
        afterId = since.afterId;
        seen = new Set(Array.isArray(since.seenIds) ? since.seenIds.map(String) : []);
      } else {
        start = toMillis(since);
      }
      if (start === undefined)
        issues.add(['since'], 'must be a Date, an ISO date, epoch milliseconds or a checkpoint');
      issues.throwIfAny();

      const modifiedProperty = options?.modifiedProperty ?? defaultModifiedProperty(objectType);
      const pageSize = options?.pageSize ?? 200;
      const properties = [...new Set([...(options?.properties ?? []), modifiedProperty])];
      let at = start!;
      let requests = 0;

      const modifiedOf = (object: HubSpotObject): number =>
        toMillis(object.properties?.[modifiedProperty]) ?? toMillis(object.updatedAt) ?? at;

      const fetch = async (): Promise<HubSpotObject[]> => {
        const moment = String(at);
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
        const sweep = mode === 'sweep';
        const after = afterId === undefined ? [] : [where('GT', afterId, OBJECT_ID)];
        const filters = sweep
          ? [where('GTE'), where('LTE'), ...after]
          : [where(mode === 'after' ? 'GT' : 'GTE')];
        const direction = 'ASCENDING' as const;
        const sorts = [{ propertyName: sweep ? OBJECT_ID : modifiedProperty, direction }];
        requests += 1;
        const page = await search(
          objectType,
          { filterGroups: [{ filters }], sorts, properties, limit: pageSize },
          options,
        );
        return page?.results ?? [];
      };

      async function* iterate(): AsyncGenerator<HubSpotObject> {
        for (;;) {
          const items = await fetch();
          if (mode === 'sweep') {
            for (const item of items) {
              afterId = String(item.id);
              if (seen.has(afterId)) continue;
              yield item;
            }
            if (items.length < pageSize) {
              mode = 'after';
              afterId = undefined;
              seen = new Set();
            }
            continue;
          }
          if (items.length === 0) return;
          const full = items.length >= pageSize;
          const last = modifiedOf(items[items.length - 1]!);
          if (full && modifiedOf(items[0]!) === last) {
            // A whole page at one instant: keyset paging on the date alone cannot move on.
            if (!(mode === 'at' && at === last)) seen = new Set();
            at = last;
            mode = 'sweep';
            afterId = undefined;
            continue;
          }
          for (const item of items) {
            const id = String(item.id);
            const modified = modifiedOf(item);
            if (mode === 'at' && modified === at && seen.has(id)) continue;
            if (modified !== at || mode === 'after') {
              at = modified;
              mode = 'at';
              seen = new Set();
            }
            seen.add(id);
            yield item;
          }
          if (!full) return;
        }
      }

      return {
        [Symbol.asyncIterator]: iterate,
        get checkpoint(): SyncCheckpoint {
          return {
            objectType,
            modifiedAt: new Date(at).toISOString(),
            mode,
            ...(afterId !== undefined ? { afterId } : {}),
            seenIds: [...seen],
          };
        },
        get requests() {
          return requests;
        },
      };
    },
  };
}
