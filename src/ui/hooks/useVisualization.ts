import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../core/errors';
import type { Visualization } from '../../core/methods/visualization';
import { app } from '../state/app';
import { useStore } from '../state/store';

const REFRESH_MS = 3000;

export interface VisualizationState {
  viz: Visualization | undefined;
  error: string | null;
  refresh: () => void;
}

/**
 * A run's current visualization: fetched on mount, every ~3 s while the run is running and once more
 * when it stops running. Never more than one request in flight; failures become `error`, not throws.
 */
export function useVisualization(runId: string): VisualizationState {
  const viz = useStore((s) => s.visualizations[runId]);
  const running = useStore((s) => s.runs.find((r) => r.id === runId)?.state === 'running');
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const wasRunning = useRef(false);

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    app.runs
      .visualize(runId)
      .then(
        () => setError(null),
        (e: unknown) => setError(errorMessage(e)),
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, [runId]);

  useEffect(refresh, [refresh]);

  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      const timer = setInterval(refresh, REFRESH_MS);
      return () => clearInterval(timer);
    }
    if (wasRunning.current) {
      wasRunning.current = false;
      refresh(); // the final weights
    }
  }, [running, refresh]);

  return { viz, error, refresh };
}
