import { useEffect, useState } from 'react';

/**
 * How many of `total` items to show: one at first, then one more each animation frame. A view of many items
 * mounts over several frames, each laid out and painted on its own: its 24 rotation tiles at once made a
 * 60–120 ms frame on a 2-core machine while training kept both cores busy.
 */
export function useRevealed(total: number): number {
  const [shown, setShown] = useState(1);
  useEffect(() => {
    if (shown >= total) return;
    const id = requestAnimationFrame(() => setShown((n) => n + 1));
    return () => cancelAnimationFrame(id);
  }, [shown, total]);
  return Math.min(shown, total);
}
