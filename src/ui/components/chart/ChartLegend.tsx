/** One legend entry: a line swatch (dashed like its series) and the series' name. */
export interface LegendItem {
  id: string;
  name: string;
  color: string;
  dashed?: boolean;
  data?: Record<`data-${string}`, string | number>; // attributes for the entry (tests read them)
}

/** The legend every chart draws under its plot. */
export function ChartLegend({ items, label }: { items: readonly LegendItem[]; label: string }) {
  return (
    <ul className="chart-legend small" aria-label={label}>
      {items.map((s) => (
        <li key={s.id} {...s.data}>
          <span
            className={`chart-legend__swatch${s.dashed ? ' chart-legend__swatch--dashed' : ''}`}
            style={{ borderColor: s.color }}
            aria-hidden="true"
          />
          {s.name}
        </li>
      ))}
    </ul>
  );
}
