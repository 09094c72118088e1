/** Shared look of the comparison charts (theme variables, so they follow light/dark). */
export const axisTick = { fill: 'var(--muted)', fontSize: 11 };
export const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' };

/** An accuracy in [0, 1] as a percentage; "—" for none. */
export const pct = (v: number | null, digits = 1) => (v === null || !Number.isFinite(v) ? '—' : `${(100 * v).toFixed(digits)}%`);
