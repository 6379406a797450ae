import type { FigureDto, FigureKey, OpportunitySummary } from "@/lib/validation/public-data";

// How the transparency dashboard draws an opportunity's published figures.

export type OpportunityKind = OpportunitySummary["kind"];

/** One chart per group: how a call was answered and decided, who took part, how much was asked for, and mass. */
export type ChartGroup = "selection" | "reach" | "requests" | "capacity";

const GROUP_ORDER: ChartGroup[] = ["selection", "reach", "requests", "capacity"];

// Each published figure's chart, in the order the bars are drawn.
const FIGURE_GROUPS: [FigureKey, ChartGroup][] = [
  ["APPLICATIONS_RECEIVED", "selection"],
  ["PROPOSALS_RECEIVED", "selection"],
  ["PROPOSALS_CONSOLIDATED", "selection"],
  ["INSTITUTIONS_ACCEPTED", "selection"],
  ["PROJECTS_SELECTED", "selection"],
  ["AGREEMENTS_SIGNED", "selection"],
  ["COUNTRIES_AND_ORGANISATIONS", "reach"],
  ["COUNTRIES_AND_REGIONS", "reach"],
  ["INTERNATIONAL_ORGANISATIONS", "reach"],
  ["COUNTRIES_ACCEPTED", "reach"],
  ["SAMPLE_SETS_REQUESTED", "requests"],
  ["CAPACITY_OFFERED_KG", "capacity"],
  ["MAX_PAYLOAD_KG", "capacity"],
];

// The figures each kind of call is expected to publish: any not (yet) published is named as unknown.
const EXPECTED: Record<OpportunityKind, FigureKey[]> = {
  SAMPLE_LOAN: ["APPLICATIONS_RECEIVED", "INSTITUTIONS_ACCEPTED", "AGREEMENTS_SIGNED", "COUNTRIES_AND_ORGANISATIONS", "COUNTRIES_ACCEPTED", "SAMPLE_SETS_REQUESTED"],
  PAYLOAD_SELECTION: ["PROPOSALS_RECEIVED", "PROJECTS_SELECTED", "COUNTRIES_AND_REGIONS", "CAPACITY_OFFERED_KG"],
  PAYLOAD_OFFER: ["PROPOSALS_RECEIVED", "PROJECTS_SELECTED", "CAPACITY_OFFERED_KG"],
  PAYLOAD_PARTICIPATION: ["PROPOSALS_RECEIVED", "PROJECTS_SELECTED"],
};

export interface FigureChart {
  group: ChartGroup;
  figures: FigureDto[];
  /** Expected figures that have not been published. */
  unpublished: FigureKey[];
}

/** Published figures sorted into charts; a chart with nothing published but an expected figure still says so. */
export function chartFigures(kind: OpportunityKind, figures: FigureDto[]): FigureChart[] {
  const published = new Map(figures.map((f) => [f.key, f]));
  const groupOf = new Map(FIGURE_GROUPS);
  return GROUP_ORDER.map((group) => {
    const keys = FIGURE_GROUPS.filter(([, g]) => g === group).map(([key]) => key);
    return {
      group,
      figures: keys.flatMap((key) => published.get(key) ?? []),
      unpublished: EXPECTED[kind].filter((key) => groupOf.get(key) === group && !published.has(key)),
    };
  }).filter((chart) => chart.figures.length > 0 || chart.unpublished.length > 0);
}
