// The key of one extension's (or caller's) day in a Set or Map. Extension names
// come from CDRs and may contain any character ("|", NUL, quotes): the JSON of
// the pair is injective whatever they contain, and is read back without
// splitting on a character the data can hold.

export function extensionDayKey(extension: string, day: string): string {
  return JSON.stringify([extension, day]);
}

export function fromExtensionDayKey(key: string): { extension: string; day: string } {
  const [extension, day] = JSON.parse(key) as [string, string];
  return { extension, day };
}
