import type { PartialDate } from "@/lib/validation/public-data";

/** The last day a partially known date can mean: the day, the month's last day, or 31 December. */
export function periodEnd({ date, precision }: PartialDate): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  if (precision === "YEAR") return `${year}-12-31`;
  if (precision === "MONTH") return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return date;
}

/** Where an entry stands on a given day (YYYY-MM-DD): over, under way (today falls in its month or year), or ahead. */
export function entryState(date: PartialDate, today: string): "past" | "current" | "future" {
  if (periodEnd(date) < today) return "past";
  return date.date > today ? "future" : "current";
}

/** The machine-readable form of a partly known date, for <time>: 2028, 2020-12 or 2025-04-24. */
export const dateTimeAttribute = ({ date, precision }: PartialDate) =>
  precision === "YEAR" ? date.slice(0, 4) : precision === "MONTH" ? date.slice(0, 7) : date;
