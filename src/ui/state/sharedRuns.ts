import type { Archive } from './archive';
import type { Persistence } from './persistence';
import type { Runs } from './runs';
import { forgetRun, heldInWorker as inWorker, patchRunMeta, useStore } from './store';
import type { TabMessage, Tabs } from './tabs';

/**
 * The page's side of sharing runs with other tabs (tabs.ts): what they say reaches the page, and this tab holds
 * the lock of exactly the runs its worker holds — a run that leaves the worker (shown from disk, removed, a new
 * dataset or worker) has its lock freed once its pending saves are written. Returns the unsubscribe.
 */
export function shareRuns(
  tabs: Tabs,
  persistence: Persistence,
  archive: Archive,
  runs: Runs,
  text: { heard(m: TabMessage): void },
): () => void {
  tabs.listen((m: TabMessage) => {
    text.heard(m); // text runs (saved and deleted ones) too
    if (m.type === 'saved') void archive.refresh(m.id);
    else if (m.type === 'renamed') patchRunMeta(m.id, { name: m.name });
    else if (m.type === 'release') void runs.handOver(m.id);
    else if (m.type === 'deleted') {
      // in turn with the reads queued before it, so a late read does not bring the run back
      void persistence.enqueue(async () => {
        if (inWorker(m.id) || !useStore.getState().runMeta[m.id]) return;
        forgetRun(m.id);
        persistence.forget(m.id);
      }, undefined);
    }
  });
  const seen = new Set<string>(); // held runs seen in the worker (one being taken is not there yet)
  const releasing = new Set<string>();
  const unsubscribe = useStore.subscribe(() => {
    for (const id of tabs.heldIds()) {
      if (inWorker(id)) seen.add(id);
      if (inWorker(id) || !seen.has(id) || releasing.has(id)) continue;
      releasing.add(id);
      const takes = tabs.takesOf(id);
      void persistence.flush().finally(() => {
        releasing.delete(id);
        if (inWorker(id) || tabs.takesOf(id) !== takes) return; // back in the worker, or being opened again
        seen.delete(id);
        tabs.release(id);
      });
    }
  });
  return () => {
    unsubscribe();
    tabs.close();
  };
}
