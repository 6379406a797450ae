/** The most recent of several timestamps, as an ISO string. */
export const latest = (...dates: (string | Date)[]): string =>
  new Date(Math.max(0, ...dates.map((d) => new Date(d).getTime()))).toISOString();

/** The most recent updatedAt of a set of records, for a page's "last updated" line. */
export const latestOf = (records: { updatedAt: string }[]): string => latest(...records.map((r) => r.updatedAt));

/** The instant a wall-clock time ("2026-12-31T18:00") reads in `timeZone`; twice round, for zones whose offset shifts. */
export function zonedInstant(local: string, timeZone: string): Date {
  const wall = Date.parse(`${local}:00Z`);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(new Date(t))
        .map((p) => [p.type, Number(p.value)]),
    );
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - t;
  };
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}
