import type { Timing } from './protocol';
import type { SuiteRecord, MethodRow } from './results';

// Whether a benchmark's figures can be trusted, judged from the run itself (pure functions: consistency.test.ts).
// Other processes only ever slow a stretch down, so the bench keeps each contender's fastest stretch; these checks
// catch the runs where even that one was slowed, so that no target is declared met on such a figure.

/** A timed stretch, the machine's 1-minute load average just before and just after it, and other processes' CPU meanwhile. */
export interface Stretch extends Timing {
  loadBefore: number;
  loadAfter: number;
  otherCores?: number; // cores other processes kept busy during it, on average (Linux /proc); absent elsewhere
}

/** A contender's fastest stretch over its slowest beyond which the machine was not steady during the run. */
export const SPREAD_LIMIT = 2;
/** Cores other processes may use during a stretch before its figure is called slowed: the bench's test runner and the system idle at ~0.05. */
export const OTHERS_LIMIT = 0.25;
/** More threads may tie with fewer (small kernels do not split well); slower by more than this share is contention. */
export const THREAD_NOISE = 0.2;

const rate = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The fastest stretch (the figure the bench reports), or null for none. */
export function fastest<T extends Timing>(stretches: T[]): T | null {
  return stretches.reduce<T | null>((best, s) => (!best || s.imagesPerSec > best.imagesPerSec ? s : best), null);
}

/**
 * Flags of the figure taken from `stretches` on a machine of `cores` cores: other processes kept more than OTHERS_LIMIT
 * of a core busy during its own stretch (where that was measured; elsewhere: the load average, either reading, was
 * above the core count), or the stretches differ by more than SPREAD_LIMIT×. The load average alone would flag the
 * contender's own threads: it counts every runnable thread, and it lags a minute behind the stretches before.
 */
export function stretchFlags(stretches: Stretch[], cores: number): string[] {
  const best = fastest(stretches);
  if (!best) return [];
  const flags: string[] = [];
  const load = Math.max(best.loadBefore, best.loadAfter);
  if (best.otherCores !== undefined) {
    if (best.otherCores > OTHERS_LIMIT) flags.push(`other processes kept ${best.otherCores.toFixed(2)} of a core busy during its stretch`);
  } else if (load > cores) flags.push(`load average ${load.toFixed(2)} above the ${cores} cores during its stretch`);
  const slowest = Math.min(...stretches.map((s) => s.imagesPerSec));
  if (best.imagesPerSec > SPREAD_LIMIT * slowest) {
    flags.push(
      `its ${stretches.length} stretches vary ${(best.imagesPerSec / slowest).toFixed(1)}× (${rate(slowest)}–${rate(best.imagesPerSec)} images/s)`,
    );
  }
  return flags;
}

export interface AtThreads {
  threads: number;
  imagesPerSec: number;
}

/** The flag of `many` when it is slower, beyond THREAD_NOISE, than the same contender on fewer threads (`few`). */
export function threadFlag(few: AtThreads, many: AtThreads): string | null {
  if (many.threads <= few.threads || many.imagesPerSec >= (1 - THREAD_NOISE) * few.imagesPerSec) return null;
  const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
  return `slower on ${threads(many.threads)} than on ${threads(few.threads)} (${rate(many.imagesPerSec)} vs ${rate(few.imagesPerSec)} images/s)`;
}

/** A figure a target is computed from, with its flags. */
export interface Flagged {
  figure: string; // how the report names it, e.g. "PyTorch, 2 threads"
  flags: string[];
}

/** Reasons a verdict lists (the overhead target is computed from every method's figures); RESULTS.md shows every flag. */
const MAX_REASONS = 3;

/**
 * A target's verdict: "met" / "not met" from `ok` (null: not measured), unless a figure it is computed from carries a
 * flag: then "unreliable", with the reasons, whichever way the comparison went.
 */
export function verdict(ok: boolean | null, from: Flagged[]): string {
  const why = from.flatMap((f) => f.flags.map((flag) => `${f.figure}: ${flag}`));
  if (ok === null) return 'not measured';
  const more = why.length > MAX_REASONS ? `; ${why.length - MAX_REASONS} more flagged figure(s)` : '';
  if (why.length > 0) return `**unreliable** (${why.slice(0, MAX_REASONS).join('; ')}${more})`;
  return ok ? '**met**' : '**not met**';
}

/** A figure as suite.md prints it: the value, then each of its flags. */
export function withFlags(value: string, flags: string[]): string {
  return flags.length ? `${value} ⚠ ${flags.join('; ')}` : value;
}

/** Every figure's flags in a bench run, named as the report shows them. */
export interface BenchFlags {
  pytorch: Map<number, string[]>; // by thread count
  tfjs: Map<string, string[]>; // by backend (wasm at its own thread count)
  wasmOneThread: string[];
  convnetjs: string[];
  trainer: Map<MethodRow, string[]>;
  bare: Map<MethodRow, string[]>;
}

/**
 * The consistency checks of a run: each figure's own stretches (load average, spread), then every figure against the
 * same contender on fewer threads (PyTorch at each count; tfjs-wasm against itself held to one thread).
 */
export function benchFlags(res: SuiteRecord): BenchFlags {
  const cores = res.machine.nproc;
  const d = res.referenceDetails;
  const own = (t: { stretches?: Stretch[]; error?: string } | null | undefined) =>
    t && !t.error ? stretchFlags(t.stretches ?? [], cores) : [];
  const pytorch = new Map(d.pytorch.map((p) => [p.threads, own(p)]));
  for (const many of d.pytorch) {
    for (const few of d.pytorch) {
      const flag = threadFlag(few, many);
      if (flag) pytorch.get(many.threads)!.push(flag);
    }
  }
  const tfjs = new Map(Object.entries(d.tfjs).map(([b, t]) => [b, own(t)]));
  const wasmThreads = d.wasmThreads;
  const [one, wasm] = [d.wasmOneThread, d.tfjs.wasm];
  if (one && !one.error && wasm && !wasm.error && wasmThreads) {
    const flag = threadFlag({ threads: 1, imagesPerSec: one.imagesPerSec }, { threads: wasmThreads, imagesPerSec: wasm.imagesPerSec });
    if (flag) tfjs.get('wasm')!.push(flag);
  }
  const rowFlags = (pick: (r: MethodRow) => Stretch[] | undefined) => new Map(res.rows.map((r) => [r, stretchFlags(pick(r) ?? [], cores)]));
  return {
    pytorch,
    tfjs,
    wasmOneThread: own(one),
    convnetjs: own(d.convnetjs),
    trainer: rowFlags((r) => r.trainerStretches),
    bare: rowFlags((r) => r.bareStretches),
  };
}
