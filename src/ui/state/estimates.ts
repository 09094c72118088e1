import { create } from 'zustand';
import { resolveBudget, type Budget, type ResolvedBudget } from '../../core/budget';
import type { TrainConfig } from '../../core/config';
import { measuredSpeed, measuredTextSpeed, runCost, speedFor, textRunCost, type Machine } from '../../core/estimate';
import type { TextMethodId } from '../../core/methods/textCatalog';
import type { TextRunStatus } from '../../worker/textContract';
import { isMethodId, type MethodId } from '../../core/methods/catalog';
import type { RunStatus } from '../../core/train/types';
import type { BackendStatus } from '../../worker/contract';
import { useStore, type DatasetInfo } from './store';
import { useTextRuns } from './textRuns';

// Estimates before Start: the pure model (core/estimate.ts) with the speed this browser measured, kept per backend
// and method in localStorage so the next visit starts from it.

const KEY = 'pretext:speed';
/** A run's images/s counts once it is this far: its first slice (kernel compilation) has faded from the average. */
const MEASURED_AFTER_STEPS = 100;
/** A new measurement replaces the kept one when it differs by more than this share (not at every status update). */
const CHANGED = 0.05;

type Speeds = Record<string, Record<string, number>>; // backend → method → measured step time ÷ the prior's

function load(): Speeds {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    return parsed !== null && typeof parsed === 'object' ? (parsed as Speeds) : {};
  } catch {
    return {};
  }
}

/** The speed factors this browser measured. */
export const useSpeeds = create<Speeds>(load);

/** The machine a run trains on, once the backend is up. */
export const machineOf = (b: BackendStatus | null): Machine | null => (b ? { backend: b.name, threads: b.threads?.used ?? null } : null);

/** A run's plan before Start: its budget resolved to steps, and whose speed the estimate used. */
export type Plan = ResolvedBudget & { source: 'method' | 'backend' | 'prior' };

/** `cfg`'s run of `method` under `budget` on the loaded dataset and backend; null before both are there. */
export function planRun(
  method: MethodId,
  cfg: TrainConfig,
  budget: Budget,
  dataset: DatasetInfo | null,
  machine: Machine | null,
  speeds: Speeds,
): Plan | null {
  if (method === 'random' || !dataset || dataset.images === 0 || !machine) return null;
  const { speed, source } = speedFor(method, speeds[machine.backend] ?? {});
  const cost = runCost(method, cfg, machine, dataset.images, speed);
  return { ...resolveBudget(budget, cost, dataset.split.train, cfg.batchSize), source };
}

/** The same, from the page's state now (outside React: the link's autostart). */
export function planNow(method: MethodId, cfg: TrainConfig, budget: Budget): Plan | null {
  const s = useStore.getState();
  return planRun(method, cfg, budget, s.dataset, machineOf(s.backend), useSpeeds.getState());
}

/** Keep the speed each run measured (once it is past its first steps), for the estimates of every later run. */
function recordSpeeds(runs: RunStatus[], backend: BackendStatus | null): void {
  const machine = machineOf(backend);
  if (!machine) return;
  keepSpeeds(
    machine,
    runs.flatMap((r) => {
      if (!isMethodId(r.method) || r.method === 'random' || r.step < MEASURED_AFTER_STEPS) return [];
      if (r.state !== 'running' && r.state !== 'done') return [];
      return [[r.method, measuredSpeed(r.method, r.config, machine, r.imagesPerSec)] as const];
    }),
  );
}

/** The same for text runs: their speeds are kept as `text:<method>` beside the image methods' on the backend. */
function recordTextSpeeds(runs: TextRunStatus[], backend: BackendStatus | null): void {
  const machine = machineOf(backend);
  if (!machine) return;
  keepSpeeds(
    machine,
    runs.flatMap((r) =>
      r.method === 'random' || r.windowsPerSec === null
        ? []
        : [[textSpeedKey(r.method), measuredTextSpeed(r.method, r.batchSize, machine, r.windowsPerSec)] as const],
    ),
  );
}

/** Store the measured speeds that moved by more than CHANGED (or are new) for `machine`'s backend, in localStorage too. */
function keepSpeeds(machine: Machine, measured: (readonly [string, number | null])[]): void {
  const now = useSpeeds.getState();
  const mine = { ...now[machine.backend] };
  for (const [method, speed] of measured) {
    const old = mine[method];
    if (speed !== null && (old === undefined || Math.abs(speed / old - 1) > CHANGED)) mine[method] = speed;
  }
  if (Object.keys(mine).every((m) => mine[m] === now[machine.backend]?.[m])) return;
  const next = { ...now, [machine.backend]: mine };
  useSpeeds.setState(next, true);
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // full or refused: the estimates still use it until the page closes
  }
}

/** Follow the runs on the page: each run's measured speed refines the estimates. */
export function watchSpeeds(): () => void {
  const images = useStore.subscribe((s, prev) => {
    if (s.runs !== prev.runs) recordSpeeds(s.runs, s.backend);
  });
  const texts = useTextRuns.subscribe((s, prev) => {
    if (s.runs !== prev.runs) recordTextSpeeds(s.runs, useStore.getState().backend);
  });
  return () => {
    images();
    texts();
  };
}

/** A text method's key among a backend's speeds (`supervised` and `random` name image methods too). */
const textSpeedKey = (method: TextMethodId) => `text:${method}`;

/**
 * A text run's plan before Start: `budget` resolved to steps as for images (resolveBudget), for `texts` texts of which
 * `trainTexts` train; null for random init (it does not train) and before the backend is up.
 */
export function planTextRun(
  method: TextMethodId,
  budget: Budget,
  batchSize: number,
  texts: { all: number; train: number },
  machine: Machine | null,
  speeds: Speeds,
): Plan | null {
  if (method === 'random' || texts.all === 0 || !machine) return null;
  const { speed, source } = speedFor(textSpeedKey(method), speeds[machine.backend] ?? {});
  const cost = textRunCost(method, batchSize, machine, texts.all, speed);
  return { ...resolveBudget(budget, cost, texts.train, batchSize), source };
}

/** Each card's estimated seconds for its current settings (MethodPanel publishes them; status() reads them). */
export const useEstimates = create<Partial<Record<MethodId, number>>>(() => ({}));
