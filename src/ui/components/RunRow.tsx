import type { RunStatus } from '../../core/train/types';
import { lab } from '../state/labController';

export function RunRow({ run }: { run: RunStatus }) {
  const live = run.state === 'running' || run.state === 'queued';
  return (
    <li className={`run run--${run.state}`} data-testid={`run-${run.id}`} data-state={run.state}>
      <span className="run__name">{run.id}</span>
      <span className="run__state">{run.state}</span>
      <progress max={Math.max(1, run.steps)} value={run.step} aria-label={`${run.id} progress`} />
      <span className="mono">
        {run.step}/{run.steps} · loss {run.loss?.toFixed(4) ?? '—'} · {run.imagesPerSec.toFixed(0)} img/s
      </span>
      {live && <button type="button" onClick={() => void lab.pause(run.id)}>Pause</button>}
      {run.state === 'paused' && <button type="button" onClick={() => void lab.resume(run.id)}>Resume</button>}
      {(live || run.state === 'paused') && <button type="button" onClick={() => void lab.stop(run.id)}>Stop</button>}
      {run.error && <p className="run__error" role="alert">{run.error}</p>}
    </li>
  );
}
