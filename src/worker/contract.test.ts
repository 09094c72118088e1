import { afterEach, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet } from '../core/testUtils';
import { FORWARDED, type TrainingPort, type WorkerEvent } from './contract';
import { openLocalPort } from './localPort';

describe('the worker contract', () => {
  let port: TrainingPort | null = null;
  afterEach(() => port?.terminate());

  it('a port answers every command: the forwarded ones by name and the hand-overs', () => {
    port = openLocalPort(() => {});
    const commands = port as unknown as Record<string, unknown>;
    for (const name of [...FORWARDED, 'init', 'setDataset', 'extendDataset', 'restore', 'terminate'])
      expect(typeof commands[name], name).toBe('function');
    expect(FORWARDED).toContain('start');
    expect(FORWARDED).toContain('crash');
    expect(FORWARDED).not.toContain('restore'); // hands weights over: written by hand
  });

  it("start replies nothing: the run's status reaches the page only as a 'run' event", async () => {
    const events: WorkerEvent[] = [];
    port = openLocalPort((e) => events.push(e));
    await port.init('cpu', 'auto');
    const { split } = await port.setDataset(await tinySet());
    expect(split.train + split.test).toBe(24);
    expect(await port.start('rotation', tinyConfig({ steps: 1000 }), 'rotation-7')).toBeUndefined();
    const run = events.find((e) => e.type === 'run');
    expect(run?.type === 'run' && run.status).toMatchObject({ id: 'rotation-7', method: 'rotation', step: 0 });
    await port.stop('rotation-7');
  });
});
