import { getTranslations } from "next-intl/server";
import { type CountryInvolvement, hasCountryPage, INVOLVEMENT_LEVELS, involvementLevel, type InvolvementLevel } from "@/lib/geo/involvement";
import { worldMap } from "@/lib/geo/world-map";

// Light to dark: more cooperation records, darker blue. The legend and the table say the same in words.
export const LEVEL_FILLS: Record<InvolvementLevel, string> = {
  0: "#e2e8f0",
  1: "#b9d3ec",
  2: "#6ea3d6",
  3: "#2c68a8",
  4: "#0b2545",
};

const MARKER_RADIUS = 11;
// Set once on the map, not on each of its 170-odd shapes: strokes keep their screen width at any map size.
const mapClass = "block h-auto w-full stroke-white [stroke-width:0.75] [&_circle]:[vector-effect:non-scaling-stroke] [&_path]:[vector-effect:non-scaling-stroke]";
const linkedClass = "group-hover:opacity-80 group-focus-visible:stroke-amber-500 group-focus-visible:[stroke-width:3]";
const markerClass = "stroke-ink [stroke-width:1.5]";

/** The world map: each involved country shaded by its records and, where it has a page, a link to it. */
export async function CooperationMap({
  countries,
  names,
  locale,
}: {
  countries: CountryInvolvement[];
  /** Each involved country's accessible name, e.g. "Pakistan: 1 Chang'e-5 sample loan, 1 Chang'e-8 project". */
  names: Map<string, string>;
  locale: string;
}) {
  const t = await getTranslations("Explore.map");
  const map = worldMap();
  const involved = new Map(countries.map((c) => [c.code, c]));
  const drawn = new Set(map.shapes.map((s) => s.code));
  const shapeOf = new Map(map.shapes.map((s) => [s.code, s]));
  const href = (code: string) => `/${locale}/countries/${code.toLowerCase()}`;

  const shape = (c: CountryInvolvement, linked: boolean) => {
    const path = shapeOf.get(c.code);
    const marker = map.markerAt(c.code);
    const fill = LEVEL_FILLS[involvementLevel(c.total)];
    return (
      <>
        {path && <path d={path.d} fill={fill} className={linked ? linkedClass : undefined} />}
        {marker && (
          <circle cx={marker[0]} cy={marker[1]} r={MARKER_RADIUS} fill={fill} className={`${markerClass} ${linked ? linkedClass : ""}`} />
        )}
      </>
    );
  };
  // Countries to draw (a shape or a marker); any other stays in the table only.
  // Markers come last, so no country's shape covers one.
  const placed = countries
    .filter((c) => drawn.has(c.code) || map.markerAt(c.code))
    .sort((a, b) => Number(map.markerAt(a.code) !== null) - Number(map.markerAt(b.code) !== null));

  return (
    <figure className="mt-6" aria-labelledby="map-caption">
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-sky-50/50">
        <svg
          viewBox={`0 0 ${map.width} ${map.height}`}
          role="group"
          aria-label={t("mapLabel")}
          className={mapClass}
          data-testid="cooperation-map"
        >
          <g aria-hidden="true" fill={LEVEL_FILLS[0]}>
            {map.shapes
              .filter((s) => !s.code || !involved.has(s.code))
              .map((s, i) => (
                <path key={s.code ?? `unnamed-${i}`} d={s.d} />
              ))}
          </g>
          {placed
            .filter((c) => !hasCountryPage(c))
            .map((c) => (
              <g key={c.code} role="img" aria-label={names.get(c.code)} data-country={c.code}>
                <title>{names.get(c.code)}</title>
                {shape(c, false)}
              </g>
            ))}
          {placed.filter(hasCountryPage).map((c) => (
            <a key={c.code} href={href(c.code)} aria-label={names.get(c.code)} className="group" data-country={c.code}>
              <title>{names.get(c.code)}</title>
              {shape(c, true)}
            </a>
          ))}
        </svg>
      </div>
      <figcaption id="map-caption" className="mt-2 text-sm text-slate-700">
        {t("caption")}
      </figcaption>
    </figure>
  );
}

/** The shading classes in words, each with its swatch. */
export async function MapLegend() {
  const t = await getTranslations("Explore.map");
  const items: { level: InvolvementLevel; text: string }[] = [
    { level: 0, text: t("legendNone") },
    ...INVOLVEMENT_LEVELS.map((band) => ({
      level: band.level,
      text:
        band.max === null
          ? t("legendOpen", { min: band.min })
          : band.min === band.max
            ? t("legendExact", { count: band.min })
            : t("legendRange", { min: band.min, max: band.max }),
    })),
  ];
  return (
    <section aria-labelledby="legend-heading" className="mt-4">
      <h2 id="legend-heading" className="text-lg font-bold">
        {t("legendHeading")}
      </h2>
      <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="map-legend">
        {items.map((item) => (
          <li key={item.level} className="flex items-center gap-2">
            <svg aria-hidden="true" width="24" height="16" className="shrink-0">
              <rect x="0.5" y="0.5" width="23" height="15" rx="2" fill={LEVEL_FILLS[item.level]} stroke="#475569" />
            </svg>
            {item.text}
          </li>
        ))}
      </ul>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">{t("legendMeaning")}</p>
    </section>
  );
}
