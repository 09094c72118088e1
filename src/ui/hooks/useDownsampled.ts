import { useMemo } from 'react';
import { downsampled, type ChartPoint, type ChartRow, type CurveKey } from '../components/downsample';
import { useStore } from '../state/store';
import { useThrottled } from './useThrottled';

/** Charts draw at most this many points, however long the run… */
const MAX_POINTS = 500;
/** …and redraw at most this often. */
const REDRAW_MS = 300;
const EMPTY: ChartPoint[] = [];

/** A store with curves per run, grown in place (the image runs' store; the text runs'). */
type CurveStore = <T>(select: (s: { curves: Record<string, readonly ChartPoint[]> }) => T) => T;

/**
 * A run's curve, ready to draw: bucketed to ≤ 500 rows (incrementally: only new points cost), recomputed
 * only when the run gains points (the store appends in place, so the length is the version), a few times a
 * second at most. `rawCount` is the number of raw points drawn.
 */
export function useDownsampled(
  runId: string,
  key: CurveKey,
  smoothing?: number,
  use: CurveStore = useStore,
): { rows: ChartRow[]; rawCount: number } {
  const points = use((s) => s.curves[runId] ?? EMPTY);
  const rawCount = useThrottled(
    use((s) => s.curves[runId]?.length ?? 0),
    REDRAW_MS,
  );
  const rows = useMemo(() => downsampled(points, rawCount, { key, maxPoints: MAX_POINTS, smoothing }), [points, rawCount, key, smoothing]);
  return { rows, rawCount };
}
