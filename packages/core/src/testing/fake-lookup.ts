/**
 * `(id) => item`, throwing the provider's not-found reply for an unknown id:
 * what every route on one object starts with.
 */
export function fakeLookup<Item>(
  items: ReadonlyMap<string, Item>,
  notFound: (id: string) => unknown,
): (id: string) => Item {
  return (id) => {
    const item = items.get(id);
    if (item === undefined) throw notFound(id);
    return item;
  };
}
