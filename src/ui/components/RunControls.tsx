import { errorMessage } from '../../core/errors';
import { allows } from '../../core/train/runState';
import type { RunStatus } from '../../core/train/types';
import { app } from '../state/app';
import { reportError } from '../state/store';

/** Pause / resume / stop a run, start it again with the same settings, or remove it. */
export function RunControls({ run }: { run: RunStatus }) {
  const act = (what: string, f: () => Promise<void>) => () =>
    void f().catch((e: unknown) => reportError(`Could not ${what} ${run.id}: ${errorMessage(e)}`));
  const button = (label: string, testId: string, onClick: () => void, primary = false) => (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      onClick={onClick}
      data-testid={`${testId}-${run.id}`}
      aria-label={`${label} ${run.id}`}
    >
      {label}
    </button>
  );
  return (
    <div className="run-controls" role="group" aria-label={`Controls for ${run.id}`}>
      {allows(run, 'pause') &&
        button(
          'Pause',
          'pause',
          act('pause', () => app.runs.pause(run.id)),
        )}
      {allows(run, 'resume') &&
        button(
          'Resume',
          'resume',
          act('resume', () => app.runs.resume(run.id)),
          true,
        )}
      {allows(run, 'stop') &&
        button(
          'Stop',
          'stop',
          act('stop', () => app.runs.stop(run.id)),
        )}
      {allows(run, 'restart') &&
        button(
          'Run again',
          'restart',
          act('restart', async () => void (await app.runs.start(run.method, run.config))),
        )}
      {allows(run, 'remove') &&
        button(
          'Remove',
          'remove',
          act('remove', () => app.runs.remove(run.id)),
        )}
    </div>
  );
}
