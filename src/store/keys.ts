/**
 * The store key of an item. A NUL separator cannot occur in a source id (config ids are slugs) nor
 * in an item key taken from XML (XML 1.0 forbids U+0000), so two different pairs never collide.
 */
export function itemUid(sourceId: string, key: string): string {
  return `${sourceId}\u0000${key}`;
}
