import { useDeferredValue } from 'react';

/**
 * False on the first render, true in a background re-render right after it. Gating a heavy subtree on it
 * splits its mount from its parent's: React renders it in 5 ms slices instead of one long task.
 */
export function useMounted(): boolean {
  return useDeferredValue(true, false);
}
