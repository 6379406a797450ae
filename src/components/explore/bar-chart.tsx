export interface ChartBar {
  key: string;
  label: string;
  value: number;
  /** The whole a value is part of ("5 of 7"): drawn as an outline the bar fills. */
  outOf: number | null;
  /** The number as printed on the chart. */
  valueText: string;
}

const ROW = 56;
const BAR_HEIGHT = 20;

/**
 * A horizontal bar chart drawn on the server. It has no viewBox, so its text keeps the page's size on any screen
 * while the bars, sized in per cent, take the width there is. The data table that follows it is its long description.
 */
export function BarChart({ bars, label, testId }: { bars: ChartBar[]; label: string; testId?: string }) {
  const max = Math.max(0, ...bars.map((b) => b.outOf ?? b.value));
  const width = (value: number) => `${max > 0 ? Math.max(0, (value / max) * 100) : 0}%`;
  return (
    <svg
      role="img"
      aria-label={label}
      width="100%"
      height={bars.length * ROW}
      direction="ltr"
      className="mt-3 block overflow-visible text-sm"
      data-testid={testId}
    >
      {bars.map((bar, i) => {
        const top = i * ROW;
        return (
          <g key={bar.key} data-figure={bar.key} data-value={bar.value}>
            <text x="0" y={top + 16} className="fill-ink">
              {bar.label}
            </text>
            <text x="100%" y={top + 16} textAnchor="end" className="fill-navy font-bold">
              {bar.valueText}
            </text>
            {bar.outOf !== null && (
              <rect x="0.5" y={top + 24.5} width={width(bar.outOf)} height={BAR_HEIGHT - 1} className="fill-slate-100 stroke-sky" />
            )}
            <rect x="0" y={top + 24} width={width(bar.value)} height={BAR_HEIGHT} className="fill-sky" />
          </g>
        );
      })}
    </svg>
  );
}
