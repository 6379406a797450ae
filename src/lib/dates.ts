/** The most recent updatedAt of a set of records, for a page's "last updated" line. */
export function latestOf(records: { updatedAt: string }[]): string {
  return records.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), "1970-01-01T00:00:00.000Z");
}
