// What one GPU benchmark run found, and its markdown table. Pure: no tfjs, no files.
import { cell, num } from '../markdown';
import type { Timing } from '../protocol';
import type { BenchRecord } from '../record';
import type { AdapterReport } from './dawn';

/** A timed stretch of the app's Run, and the share of it the JavaScript thread spent enqueueing steps (ops and encoding). */
export interface RunTiming extends Timing {
  hostMsPerStep: number; // mean ms inside trainStep(): near the step's wall time, the step is dispatch-bound, not GPU-bound
}

export interface MatmulFigure {
  n: number; // an n×n · n×n product
  gflops: number;
  reps: number;
}

/** One registered method trained through the app's Run at the bench's config, after warm-up. */
export interface MethodFigure {
  id: string;
  label: string;
  batch: number;
  timing: RunTiming | null; // null: not trainable (random init) or failed
  tensorsBefore: number; // tf.memory().numTensors before the Run was made…
  tensorsAfter: number; // …and after it was disposed: a difference is a leak
  error?: string;
}

/** A known tfjs 4.22 WebGPU trap, tried on this adapter. */
export interface TrapCheck {
  trap: string; // what the design notes say
  observed: string; // what happened here
  reproduced: boolean; // the trap bites on this adapter
  workaroundHolds: boolean | null; // the design notes' way round it gives the right values here (null: none to try)
}

/** One of our WebGPU kernels (kernels/webgpu/webgpuKernels.ts) against a plain JavaScript reference. */
export interface KernelCheck {
  kernel: string;
  shape: string;
  maxRelDiff: number; // the largest difference, relative to the reference's largest value
  ok: boolean; // below 1e-5
}

/** One of our WebGPU kernels against tfjs-webgpu's, settled, mean of the reps after one untimed call. */
export interface KernelTiming {
  kernel: string;
  shape: string;
  oursMs: number;
  tfjsMs: number;
}

/** A method's first steps on WebGPU against the CPU backend (small config): kernels that silently go wrong show here. */
export interface AgreementCheck {
  id: string;
  cpuLosses: number[];
  gpuLosses: number[];
  maxRelDiff: number;
}

/** bench/results/gpu.json: rows are the methods' timings; quick: a smoke run (tiny shapes, a step or two, to prove the path works; figures mean nothing). */
export type GpuRecord = BenchRecord<'gpu', MethodFigure, GpuFigures>;

interface GpuFigures {
  adapter: AdapterReport | null; // null: Dawn found no adapter
  backend: string | null; // tf.getBackend() after asking for webgpu (setBackend can resolve false and fall back)
  gpuFigures: boolean; // a hardware adapter ran the backend: only then are these GPU figures
  deviceStorageBuffers: number | null; // maxStorageBuffersPerShaderStage of the device tfjs made (WebGPU's default: 8)
  peakGflops: number | null; // the GPU's FP32 peak, when given (--peak-gflops)
  config: { batches: number[]; width: number; depth: number; resolution: number; seconds: number };
  matmul: MatmulFigure[];
  kernels: KernelCheck[];
  kernelTimings: KernelTiming[];
  reference: Timing | null; // bench/referenceNet.ts: conv 16-32-64, batch 32, SGD
  agreement: AgreementCheck[];
  traps: TrapCheck[];
  errors: string[];
}

const fixed = (x: number, digits = 0) => num(x, digits);
const rate = (x: number) => (x >= 100 ? fixed(x) : fixed(x, 1));
const host = (t: RunTiming) => `${fixed(t.hostMsPerStep, 1)} (${fixed((100 * t.hostMsPerStep * t.steps) / (1000 * t.seconds))} %)`;

/** The verdict line: which adapter ran, and whether the figures are GPU figures. */
export function headline(r: GpuRecord): string {
  if (!r.adapter) return 'No WebGPU adapter: Dawn found no Vulkan driver. Nothing was measured.';
  const a = r.adapter;
  const what = [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unknown adapter';
  if (r.backend !== 'webgpu') return `Adapter ${what}, but the tfjs backend is ${r.backend ?? 'none'}: not WebGPU figures.`;
  if (!r.gpuFigures) return `Adapter ${what} is a software adapter (${a.name}): these are CPU figures, not GPU figures.`;
  return `WebGPU on ${what} (${a.name}).`;
}

/** The GPU page's tables, under the common head (bench/render.ts). */
export function gpuMarkdown(r: GpuRecord): string[] {
  const lines = [
    headline(r),
    '',
    `Methods: batch ${r.config.batches.join(', ')}, width ${r.config.width}, depth ${r.config.depth}, ${r.config.resolution} px, ${r.config.seconds} s timed after warm-up.`,
  ];
  if (r.quick) lines.push('', 'Smoke run: tiny shapes and a step or two, to prove the path works. The figures mean nothing.');
  if (r.matmul.length) {
    lines.push('', '| matmul | GFLOP/s | of FP32 peak | reps |', '|---|---|---|---|');
    for (const m of r.matmul) {
      const share = r.peakGflops ? `${fixed((100 * m.gflops) / r.peakGflops, 1)} % of ${fixed(r.peakGflops)}` : 'peak not given';
      lines.push(`| ${m.n}³ | ${rate(m.gflops)} | ${share} | ${m.reps} |`);
    }
  }
  if (r.kernels.length) {
    lines.push('', '| our kernel | shape | max relative difference from the reference | right |', '|---|---|---|---|');
    for (const k of r.kernels) lines.push(`| ${k.kernel} | ${k.shape} | ${k.maxRelDiff.toExponential(1)} | ${k.ok ? 'yes' : '**no**'} |`);
  }
  if (r.kernelTimings.length) {
    lines.push('', "| our kernel | shape | ours, ms | tfjs-webgpu's, ms | speed-up |", '|---|---|---|---|---|');
    for (const k of r.kernelTimings)
      lines.push(`| ${k.kernel} | ${k.shape} | ${fixed(k.oursMs, 2)} | ${fixed(k.tfjsMs, 2)} | ${fixed(k.tfjsMs / k.oursMs, 1)}× |`);
  }
  if (r.reference)
    lines.push(
      '',
      `Reference network (conv 16-32-64, batch 32, SGD): **${rate(r.reference.imagesPerSec)} images/s** (${r.reference.steps} steps in ${fixed(r.reference.seconds, 1)} s).`,
    );
  if (r.rows.length) {
    lines.push(
      '',
      '| method | batch | images/s | steps | seconds | host ms per step (of wall) | tensors leaked |',
      '|---|---|---|---|---|---|---|',
    );
    for (const m of r.rows) {
      const leaked = m.tensorsAfter - m.tensorsBefore;
      const t = m.timing;
      const figures = t
        ? [rate(t.imagesPerSec), String(t.steps), fixed(t.seconds, 1), host(t)]
        : [cell(m.error ?? 'not trained'), '–', '–', '–'];
      lines.push(`| ${m.label} | ${m.batch} | ${figures.join(' | ')} | ${leaked} |`);
    }
  }
  if (r.agreement.length) {
    lines.push('', '| method | first losses, CPU | first losses, WebGPU | max relative difference |', '|---|---|---|---|');
    for (const a of r.agreement)
      lines.push(
        `| ${a.id} | ${a.cpuLosses.map((x) => x.toFixed(4)).join(', ')} | ${a.gpuLosses.map((x) => x.toFixed(4)).join(', ')} | ${a.maxRelDiff.toExponential(1)} |`,
      );
  }
  if (r.traps.length) {
    const yes = (b: boolean | null) => (b === null ? '–' : b ? 'yes' : 'no');
    lines.push('', '| trap (design notes) | here | reproduced | workaround holds |', '|---|---|---|---|');
    for (const t of r.traps) lines.push(`| ${cell(t.trap)} | ${cell(t.observed)} | ${yes(t.reproduced)} | ${yes(t.workaroundHolds)} |`);
  }
  if (r.errors.length) lines.push('', '**Errors**', '', ...r.errors.map((e) => `- ${cell(e)}`));
  lines.push('');
  return lines;
}
