import type { RunStatus } from '../../core/train/types';
import { lab } from '../state/labController';
import { reportError } from '../state/labStore';

/** Pause / resume / stop a run, start it again with the same settings, or remove it. */
export function RunControls({ run }: { run: RunStatus }) {
  const live = run.state === 'running' || run.state === 'queued';
  const resumable = run.state === 'paused' || (run.state === 'stopped' && run.step < run.steps);
  const finished = run.state === 'done' || run.state === 'stopped' || run.state === 'error';
  const act = (what: string, f: () => Promise<void>) => () =>
    void f().catch((e: unknown) => reportError(`Could not ${what} ${run.id}: ${e instanceof Error ? e.message : String(e)}`));
  const button = (label: string, testId: string, onClick: () => void, primary = false) => (
    <button type="button" className={primary ? 'primary' : undefined} onClick={onClick} data-testid={`${testId}-${run.id}`} aria-label={`${label} ${run.id}`}>
      {label}
    </button>
  );
  return (
    <div className="run-controls" role="group" aria-label={`Controls for ${run.id}`}>
      {live && button('Pause', 'pause', act('pause', () => lab.pause(run.id)))}
      {resumable && button('Resume', 'resume', act('resume', () => lab.resume(run.id)), true)}
      {(live || run.state === 'paused') && button('Stop', 'stop', act('stop', () => lab.stop(run.id)))}
      {finished && button('Run again', 'restart', act('restart', () => lab.start(run.method, run.config)))}
      {(finished || run.state === 'paused') && button('Remove', 'remove', act('remove', () => lab.remove(run.id)))}
    </div>
  );
}
