/** The most recent of several timestamps, as an ISO string. */
export const latest = (...dates: (string | Date)[]): string =>
  new Date(Math.max(0, ...dates.map((d) => new Date(d).getTime()))).toISOString();

/** The most recent updatedAt of a set of records, for a page's "last updated" line. */
export const latestOf = (records: { updatedAt: string }[]): string => latest(...records.map((r) => r.updatedAt));
