import { getTranslations } from "next-intl/server";
import { type CountryInvolvement, hasCountryPage, INVOLVEMENT_LEVELS, involvementLevel, type InvolvementLevel } from "@/lib/geo/involvement";
import { tileGrid } from "@/lib/geo/tile-grid";

// Light to dark: more cooperation records, darker blue. The legend and the table say the same in words.
export const LEVEL_FILLS: Record<InvolvementLevel, string> = {
  0: "#e2e8f0",
  1: "#b9d3ec",
  2: "#6ea3d6",
  3: "#2c68a8",
  4: "#0b2545",
};
// Text on the two darkest fills is white, so every tile keeps a 4.5:1 contrast.
const LIGHT_TEXT = new Set<InvolvementLevel>([3, 4]);

const tileClass =
  "flex aspect-square min-w-0 flex-col items-center justify-center rounded-md text-center leading-tight no-underline outline-offset-2";
const linkedClass = "hover:opacity-80 focus-visible:outline-3 focus-visible:outline-amber-500";

/**
 * The cooperation map as a tile grid: each involved country one equal square near its place in the world, shaded by
 * its records and, where it has a page, a link to it. No borders are drawn: the table below carries the same figures.
 */
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
  const grid = tileGrid(countries.map((c) => c.code));
  const byCode = new Map(countries.map((c) => [c.code.toUpperCase(), c]));

  return (
    <figure className="mt-6" aria-labelledby="map-caption">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-sky-50/50 p-2 sm:p-4">
        {/* Left to right in every language: west stays west on a right-to-left page. */}
        <ul
          dir="ltr"
          aria-label={t("mapLabel")}
          className="mx-auto grid max-w-3xl gap-1 sm:gap-1.5"
          style={{ gridTemplateColumns: `repeat(${grid.cols}, minmax(1.625rem, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, auto)` }}
          data-testid="cooperation-map"
          data-cols={grid.cols}
        >
          {grid.tiles.map((tile) => {
            const c = byCode.get(tile.code)!;
            const level = involvementLevel(c.total);
            const name = names.get(c.code) ?? c.code;
            const style = {
              backgroundColor: LEVEL_FILLS[level],
              color: LIGHT_TEXT.has(level) ? "#fff" : "#0f172a",
            };
            const body = (
              <>
                <span className="text-xs font-bold sm:text-sm" aria-hidden="true">
                  {c.code}
                </span>
                <span className="text-[0.65rem] tabular-nums sm:text-xs" aria-hidden="true">
                  {c.total}
                </span>
              </>
            );
            return (
              <li key={tile.code} style={{ gridColumn: tile.col + 1, gridRow: tile.row + 1 }} data-country={c.code}>
                {hasCountryPage(c) ? (
                  <a href={`/${locale}/countries/${c.code.toLowerCase()}`} aria-label={name} title={name} className={`${tileClass} ${linkedClass}`} style={style}>
                    {body}
                  </a>
                ) : (
                  <span role="img" tabIndex={0} aria-label={name} title={name} className={`${tileClass} focus-visible:outline-3 focus-visible:outline-amber-500`} style={style}>
                    {body}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
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
