import { describe, expect, it } from 'vitest';
import { allows, isLive, isRunState, RUN_STATES, type RunAction, type RunState } from './runState';

const ACTIONS: RunAction[] = ['pause', 'resume', 'stop', 'restart', 'remove'];

/** The actions each state allows, for a run halfway through (step 5 of 10). */
const TABLE: Record<RunState, RunAction[]> = {
  queued: ['pause', 'stop'],
  running: ['pause', 'stop'],
  paused: ['resume', 'stop', 'remove'],
  done: ['restart', 'remove'],
  stopped: ['resume', 'restart', 'remove'],
  error: ['restart', 'remove'],
};

describe('run state rules', () => {
  it.each(RUN_STATES)('%s allows exactly its actions', (state) => {
    expect(ACTIONS.filter((a) => allows({ state, step: 5, steps: 10 }, a))).toEqual(TABLE[state]);
  });

  it('resumes a stopped run only while steps are left (never an untrained baseline)', () => {
    expect(allows({ state: 'stopped', step: 10, steps: 10 }, 'resume')).toBe(false);
    expect(allows({ state: 'stopped', step: 0, steps: 0 }, 'resume')).toBe(false);
    expect(allows({ state: 'paused', step: 10, steps: 10 }, 'resume')).toBe(true);
  });

  it('calls queued, running and paused runs live, and knows only its own states', () => {
    expect(RUN_STATES.filter(isLive)).toEqual(['queued', 'running', 'paused']);
    expect(isRunState('stopped')).toBe(true);
    expect(isRunState('dormant')).toBe(false);
    expect(isRunState(undefined)).toBe(false);
  });
});
