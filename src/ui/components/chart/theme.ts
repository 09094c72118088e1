/**
 * One look for every chart, whichever library draws it: the live SVG LineChart and the comparison charts
 * (Recharts) take their grid, axes, lines and colours from here. Theme variables, so light and dark follow.
 */
export const chartTheme = {
  grid: { stroke: 'var(--border)', strokeDasharray: '3 3' },
  axisLine: 'var(--border)',
  tick: { fill: 'var(--muted)', fontSize: 11 },
  tooltip: { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)', borderRadius: 4 },
  line: { width: 2, faintWidth: 1, faintOpacity: 0.35, dash: '6 4', dot: 3 },
  yAxisWidth: { percent: 44, number: 52 }, // px left of the plot for the y tick labels ("40%"; "2.30", "1.2e-3")
  margin: { top: 6, right: 10, bottom: 18 }, // px around the plot; the bottom holds the x tick labels
};

/** Colours that stay readable on the light and the dark theme (Tableau 10); plain hex so canvases can use them. */
const TABLEAU = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The colour of the k-th run or class; past ten, spread-out hues. */
export function seriesColor(k: number): string {
  return k < TABLEAU.length ? TABLEAU[k] : `hsl(${(k * 137.5) % 360} 60% 55%)`;
}
