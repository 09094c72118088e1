import type { BackendRequest, ThreadRequest, WasmThreads } from '../../worker/contract';
import { app } from '../state/app';
import { setLinkParameter } from '../state/urlParams';

/**
 * WASM's threads: 'auto' leaves one core to the page (its frames would wait behind training), a count trains on
 * that many. Changing it restarts the worker, as a backend switch does.
 */
export function ThreadsSelect({ threads, request }: { threads: WasmThreads; request: BackendRequest }) {
  const counts = Array.from({ length: threads.available }, (_, i) => i + 1);
  // what the running worker was asked for (a count above what can run shows as the most that can)
  const value = threads.requested === 'auto' ? 'auto' : String(Math.min(threads.requested, threads.available));

  const choose = (raw: string) => {
    const next: ThreadRequest = raw === 'auto' ? 'auto' : Number(raw);
    setLinkParameter('threads', next === 'auto' ? null : String(next));
    void app.recovery.switchBackend(request, next);
  };

  return (
    <label className="backend__select">
      <span className="visually-hidden">WASM threads</span>
      <select aria-label="WASM threads" data-testid="threads-select" value={value} onChange={(e) => choose(e.target.value)}>
        <option value="auto">Threads: auto (all cores but one)</option>
        {counts.map((n) => (
          <option key={n} value={n}>{`${n} thread${n === 1 ? '' : 's'}`}</option>
        ))}
      </select>
    </label>
  );
}
