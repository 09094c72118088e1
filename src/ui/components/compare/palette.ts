/** Colours that stay readable on the light and the dark theme (Tableau 10); plain hex so canvases can use them. */
const TABLEAU = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** The colour of the k-th run or class; past ten, spread-out hues. */
export function seriesColor(k: number): string {
  return k < TABLEAU.length ? TABLEAU[k] : `hsl(${(k * 137.5) % 360} 60% 55%)`;
}
