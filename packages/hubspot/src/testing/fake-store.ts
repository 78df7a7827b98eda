/** One record kept by the fake. */
export interface FakeObject {
  id: string;
  objectType: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface FakeAssociation {
  associationCategory: string;
  associationTypeId: number;
  label?: string | null;
}

const MODIFIED = ['lastmodifieddate', 'hs_lastmodifieddate'];

/** In-memory CRM: records per type, a unique email for contacts. */
export class FakeStore {
  private nextId = 1001;
  readonly types = new Map<string, Map<string, FakeObject>>();
  /** `${fromType}:${fromId}` -> `${toType}:${toId}` -> association types. */
  readonly associations = new Map<string, Map<string, FakeAssociation[]>>();

  /** Contacts by lower-cased email, so upserts by email stay fast with many records. */
  private readonly emails = new Map<string, FakeObject>();

  constructor(private readonly now: () => number) {}

  private index(object: FakeObject, previousEmail?: string | null): void {
    if (object.objectType !== 'contacts') return;
    if (previousEmail) {
      const key = previousEmail.toLowerCase();
      if (this.emails.get(key) === object) this.emails.delete(key);
    }
    const email = object.properties.email;
    if (email && !object.archived) this.emails.set(email.toLowerCase(), object);
  }

  of(objectType: string): Map<string, FakeObject> {
    let map = this.types.get(objectType);
    if (!map) {
      map = new Map();
      this.types.set(objectType, map);
    }
    return map;
  }

  live(objectType: string): FakeObject[] {
    return [...this.of(objectType).values()].filter((object) => !object.archived);
  }

  findBy(objectType: string, property: string, value: string): FakeObject | undefined {
    if (property === 'hs_object_id' || property === 'id') {
      const object = this.of(objectType).get(value);
      return object && !object.archived ? object : undefined;
    }
    const wanted = value.toLowerCase();
    if (objectType === 'contacts' && property === 'email') {
      const object = this.emails.get(wanted);
      return object && !object.archived ? object : undefined;
    }
    for (const object of this.of(objectType).values()) {
      if (!object.archived && object.properties[property]?.toLowerCase() === wanted) return object;
    }
    return undefined;
  }

  create(
    objectType: string,
    properties: Record<string, string | null>,
    at: number = this.now(),
    id?: string,
  ): FakeObject {
    const objectId = id ?? String(this.nextId++);
    if (id && Number(id) >= this.nextId) this.nextId = Number(id) + 1;
    const iso = new Date(at).toISOString();
    const object: FakeObject = {
      id: objectId,
      objectType,
      properties: {
        ...properties,
        hs_object_id: objectId,
        createdate: iso,
        ...Object.fromEntries(MODIFIED.map((name) => [name, iso])),
      },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.of(objectType).set(objectId, object);
    this.index(object);
    return object;
  }

  update(
    object: FakeObject,
    properties: Record<string, string | null>,
    at: number = this.now(),
  ): FakeObject {
    const iso = new Date(at).toISOString();
    const previousEmail = object.properties.email;
    Object.assign(object.properties, properties);
    this.index(object, previousEmail);
    for (const name of MODIFIED) object.properties[name] = iso;
    object.updatedAt = at;
    return object;
  }

  archive(object: FakeObject): void {
    object.archived = true;
    object.updatedAt = this.now();
    this.index(object, object.properties.email);
  }
}

/** The wire shape of a record, with the properties asked for. */
export function present(
  object: FakeObject,
  properties: string[] | undefined,
  defaults: string[],
): Record<string, unknown> {
  const names = properties && properties.length > 0 ? properties : defaults;
  const selected: Record<string, string | null> = {};
  for (const name of [...new Set([...names, 'createdate', 'hs_object_id', ...MODIFIED])]) {
    if (name in object.properties) selected[name] = object.properties[name] ?? null;
    else if (names.includes(name)) selected[name] = null;
  }
  if (object.objectType !== 'contacts') delete selected.lastmodifieddate;
  return {
    id: object.id,
    properties: selected,
    createdAt: new Date(object.createdAt).toISOString(),
    updatedAt: new Date(object.updatedAt).toISOString(),
    archived: object.archived,
  };
}
