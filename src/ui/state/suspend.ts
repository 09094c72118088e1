import type { RunStatus } from '../../core/train/types';
import type { TrainingPort } from '../../worker/contract';
import type { Persistence } from './persistence';
import { applyRunDelta } from './store';

/**
 * Before the worker's dataset or backend goes: every live run is checkpointed at the step it reached and saved
 * (it comes back interrupted, resumable from there), on `port`. The runs stopped; none when the worker cannot say.
 * Their statuses and checkpoints go where the trainer's events go: onto the page and into storage. The worker is
 * asked whatever the page shows: a run just started may not have reported yet.
 */
export async function suspendLiveRuns(port: TrainingPort, persistence: Persistence): Promise<RunStatus[]> {
  try {
    const kept = await port.suspend();
    for (const { status, checkpoint } of kept) {
      applyRunDelta(status, []);
      persistence.handle({ type: 'run', status, points: [] });
      persistence.handle({ type: 'checkpoint', checkpoint });
    }
    await persistence.flush();
    return kept.map((k) => k.status);
  } catch {
    return []; // the worker is gone or broken: the runs keep their last checkpoints
  }
}
