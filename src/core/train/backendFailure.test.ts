import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmWithOurKernels } from '../../../kernels/wasm/wasmCompare';
import { syntheticImages, tinyConfig } from '../testUtils';
import { Trainer } from './trainer';
import type { TrainerEvent } from './types';

/** tfjs-wasm's module; dropping its C++ tensors makes the next kernel abort it, as a failed allocation does. */
const wasmModule = () => (tf.backend() as unknown as { wasm: { tfjs: { dispose(): void } } }).wasm;

// This file leaves the WASM module aborted: it runs in its own test process, like every test file.
describe('Trainer on a backend that fails', () => {
  beforeAll(useWasmWithOurKernels);

  it('a WASM abort mid-run is reported once, the run stays live (to resume elsewhere) and nothing more trains', async () => {
    const events: TrainerEvent[] = [];
    const trainer = new Trainer((e) => events.push(e));
    const t = syntheticImages(24, 16, 3);
    const pixels = Uint8Array.from(await t.data(), (v) => Math.round(v * 255));
    t.dispose();
    trainer.setDataset({
      name: 'tiny',
      resolution: 16,
      pixels,
      labels: Int32Array.from({ length: 24 }, (_, i) => i % 3),
      classNames: ['a', 'b', 'c'],
    });
    const { id } = trainer.start('rotation', tinyConfig({ steps: 400 }));
    trainer.start('supervised', tinyConfig({ steps: 4 })); // queued behind it
    while (trainer.statuses()[0].step < 8) await new Promise((r) => setTimeout(r, 5));
    wasmModule().tfjs.dispose();
    await trainer.idle();
    const failures = events.filter((e) => e.type === 'backendFailed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ message: expect.stringMatching(/^Aborted\(/) });
    const [rotation, supervised] = trainer.statuses();
    expect(rotation).toMatchObject({ id, state: 'running' });
    expect(rotation.error).toBeUndefined();
    expect(supervised).toMatchObject({ state: 'queued', step: 0 });
  });
});
