/**
 * The run lifecycle's rules, in one place: the trainer enforces them, the run controls and the runs list show
 * only the actions they allow, storage validates imported states against them. Plain data: no TensorFlow.js.
 */
export const RUN_STATES = ['queued', 'running', 'paused', 'done', 'stopped', 'error'] as const;

export type RunState = (typeof RUN_STATES)[number];

/** What a user can do with a run. `restart` starts a new run with the same settings. */
export type RunAction = 'pause' | 'resume' | 'stop' | 'restart' | 'remove';

/** What the rules look at. */
export interface RunProgress {
  state: RunState;
  step: number;
  steps: number; // 0 for an untrained baseline: nothing to resume
}

export function isRunState(v: unknown): v is RunState {
  return (RUN_STATES as readonly unknown[]).includes(v);
}

/** The trainer holds the run and means to train it: it is resumed after a reload or a worker crash (as interrupted). */
export function isLive(state: RunState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused';
}

/** Whether the action applies to a run in this state. */
export function allows(run: RunProgress, action: RunAction): boolean {
  const { state } = run;
  switch (action) {
    case 'pause':
      return state === 'running' || state === 'queued';
    case 'resume':
      return state === 'paused' || (state === 'stopped' && run.step < run.steps);
    case 'stop':
      return isLive(state);
    case 'restart':
      return state === 'done' || state === 'stopped' || state === 'error';
    case 'remove':
      return state !== 'running' && state !== 'queued';
  }
}
