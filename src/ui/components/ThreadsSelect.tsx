import { useState } from 'react';
import type { BackendRequest, ThreadRequest, WasmThreads } from '../../worker/protocol';
import { app } from '../state/app';

/** The link's `threads`, as the select shows it. */
function linkThreads(): ThreadRequest {
  const n = Number(new URLSearchParams(location.search).get('threads'));
  return Number.isInteger(n) && n > 0 ? n : 'auto';
}

/**
 * WASM's threads: 'auto' leaves one core to the page (its frames would wait behind training), a count trains on
 * that many. Changing it restarts the worker, as a backend switch does.
 */
export function ThreadsSelect({ threads, request }: { threads: WasmThreads; request: BackendRequest }) {
  const [value, setValue] = useState<ThreadRequest>(linkThreads);
  const counts = Array.from({ length: threads.available }, (_, i) => i + 1);

  const choose = (raw: string) => {
    const next: ThreadRequest = raw === 'auto' ? 'auto' : Number(raw);
    setValue(next);
    const url = new URL(location.href);
    if (next === 'auto') url.searchParams.delete('threads');
    else url.searchParams.set('threads', String(next));
    history.replaceState(null, '', url);
    void app.recovery.switchBackend(request, next);
  };

  return (
    <label className="backend__select">
      <span className="visually-hidden">WASM threads</span>
      <select aria-label="WASM threads" data-testid="threads-select" value={String(value)} onChange={(e) => choose(e.target.value)}>
        <option value="auto">Threads: auto (all cores but one)</option>
        {counts.map((n) => (
          <option key={n} value={n}>{`${n} thread${n === 1 ? '' : 's'}`}</option>
        ))}
      </select>
    </label>
  );
}
