import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The one result format of every benchmark part (`npm run bench -- <part>`, bench/run.mjs): bench/results/<part>.json,
// rendered to <part>.md by bench/render.ts.

/** The parts that write results (gpu-pack only packs). */
export type Part = 'suite' | 'estimates' | 'quality' | 'kernels' | 'methods' | 'gpu';

/** Where a part ran. A field a part could not read is 'not recorded' (0 cores: not recorded). */
export interface Machine {
  cpu: string;
  nproc: number; // the cores this process may use
  node: string;
  loadavg: { start: number[]; end: number[] }; // 1 / 5 / 15-minute load averages: other processes slow every figure down
  platform?: string; // e.g. linux-x64
  chromium?: string; // the browser parts' Chromium
  backend?: string; // the Node parts' TensorFlow.js backend
  threads?: number; // and its threads
  gpu?: string; // the GPU part: nvidia-smi's name, max SM clock, memory and driver, when it is there
}

/** One run of one part: when, where, its measurements (rows), and what the part adds to read them by. */
export type BenchRecord<P extends Part, Row, Extra extends object = object> = {
  part: P;
  when: string;
  quick: boolean;
  machine: Machine;
  rows: Row[];
} & Extra;

/** This machine, now (the load average at the end is read when the record is written). */
export function machine(extra: Partial<Machine> = {}): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'not recorded',
    nproc: availableParallelism(),
    node: process.version,
    loadavg: { start: loadavg(), end: [] },
    platform: `${process.platform}-${process.arch}`,
    ...extra,
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** bench/results/: the committed results of full runs. */
export const resultsDir = path.join(here, 'results');
/** Where --quick runs (smoke tests) write theirs: bench/.tmp/quick/, git-ignored. */
export const quickDir = path.join(here, '.tmp/quick');
