import type { CallStageDto, PartialDate } from "@/lib/validation/public-data";

// The announced openings and closings of a call's stages as dated events: what the feed, the calendar and the
// timeline list, each in its own form, from the one reading of instants and precisions.

export type StageEdge = "opens" | "closes";

export interface StageDate {
  stage: CallStageDto;
  edge: StageEdge;
  /** The instant, in UTC. */
  at: string;
  /** Null for an exact instant; otherwise only this day, month or year was announced. */
  precision: CallStageDto["opensPrecision"];
  /** The day, month or year it falls in, in the call's zone: the announced period, or the day of an exact instant. */
  date: PartialDate;
}

/** The calendar day of an instant in a zone, as YYYY-MM-DD. */
export const dayInZone = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

/**
 * The period an announced instant stands for in the call's zone. A closing is stored as the first instant after
 * the period it ends (midnight), so it belongs to the day before; an exact instant is placed on its own day.
 */
export function announcedPeriod(at: string, precision: StageDate["precision"], edge: StageEdge, timeZone: string): PartialDate {
  const instant = new Date(at);
  const midnight = dayInZone(new Date(instant.getTime() - 1), timeZone) !== dayInZone(instant, timeZone);
  const day = dayInZone(edge === "closes" && (precision !== null || midnight) ? new Date(instant.getTime() - 1) : instant, timeZone);
  if (precision === "YEAR") return { date: `${day.slice(0, 4)}-01-01`, precision };
  if (precision === "MONTH") return { date: `${day.slice(0, 7)}-01`, precision };
  return { date: day, precision: "DAY" };
}

/** Every announced opening and closing of the call's stages, in stage order, opening before closing. */
export function stageDates(call: { stages: CallStageDto[]; timeZone: string }): StageDate[] {
  return call.stages.flatMap((stage) =>
    (
      [
        ["opens", stage.opensAt, stage.opensPrecision],
        ["closes", stage.closesAt, stage.closesPrecision],
      ] as const
    ).flatMap(([edge, at, precision]) => (at ? [{ stage, edge, at, precision, date: announcedPeriod(at, precision, edge, call.timeZone) }] : [])),
  );
}
