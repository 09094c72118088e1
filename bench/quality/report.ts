// Aggregates `npm run quality` results over seeds: its record (bench/results/quality.json) and its page's tables.
import type { SweepPoint } from '../../src/core/eval/evaluate';
import type { BenchRecord, Machine } from '../record';
import type { SeedResult } from './session';

export interface MethodResult {
  id: string;
  label: string;
  selfSupervised: boolean; // pre-trains without labels (not the supervised or random-init references)
  config: Record<string, unknown>; // the recipe, without the seed
  seeds: SeedResult[];
}

/** bench/results/quality.json: rows are methods, each with its runs (one per seed). */
export type QualityRecord = BenchRecord<'quality', MethodResult, QualityContext>;

interface QualityContext {
  dataset: { folder: string; pool: string | null; labelled: number; unlabelled: number; train: number; test: number; testFraction: number };
  budget: string; // how each run's length was chosen
  seeds: number[];
  scratch: { seed: number; points: SweepPoint[] }[]; // supervised from scratch at each label budget
  finetuneSteps?: number; // fine-tuning steps per label budget (--finetune)
}

export interface Stat {
  mean: number;
  sd: number; // sample standard deviation over seeds (0 for one seed)
  min: number;
  max: number;
}

export function stat(values: number[]): Stat | null {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

const pct = (s: Stat | null) => (s ? `${(100 * s.mean).toFixed(1)} ± ${(100 * s.sd).toFixed(1)}` : '–');
/** A pretext metric's cell: accuracies in %, anything else (PSNR in dB) as it is. */
const metricCell = (name: string, s: Stat | null) =>
  name === 'accuracy' ? `accuracy ${pct(s)}` : s ? `${name} ${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)}` : '–';
const budgetsOf = (points: SweepPoint[][]) => [...new Set(points.flat().map((p) => p.perClass))];
const at = (points: SweepPoint[], perClass: number | 'all') => points.find((p) => p.perClass === perClass)?.accuracy ?? NaN;

/** Mean probe accuracy of a method over its seeds. */
export const probeOf = (m: MethodResult) => stat(m.seeds.map((s) => s.probe ?? NaN));
const sweepOf = (m: MethodResult, perClass: number | 'all') => stat(m.seeds.map((s) => at(s.sweep, perClass)));
const scratchAt = (r: QualityRecord, perClass: number | 'all') => stat(r.scratch.map((s) => at(s.points, perClass)));

const TUNED = { finetune: 'fine-tuned', semi: 'semi-supervised' } as const;
const tunedOf = (m: MethodResult, kind: 'finetune' | 'semi', perClass: number | 'all') =>
  stat(m.seeds.map((s) => (s[kind] ? at(s[kind], perClass) : NaN)));
const finetuneStepsNote = (r: QualityRecord) => `${r.finetuneSteps ?? '–'} per budget`;

/** Fine-tuning's targets (issue 27): the best fine-tuned or semi-supervised classifier against scratch, and each against its probe. */
export function finetuneVerdicts(r: QualityRecord): Verdict[] {
  const tuned = r.rows
    .filter((m) => m.id !== 'random')
    .flatMap((m) => (['finetune', 'semi'] as const).filter((k) => m.seeds.some((s) => s[k])).map((kind) => ({ m, kind })));
  if (tuned.length === 0 || r.scratch.length === 0) return [];
  const best = (perClass: number | 'all') =>
    tuned.reduce((a, b) => ((tunedOf(b.m, b.kind, perClass)?.mean ?? -1) > (tunedOf(a.m, a.kind, perClass)?.mean ?? -1) ? b : a));
  const name = (t: (typeof tuned)[number]) => `${t.m.label} ${TUNED[t.kind]}`;
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} points`;
  const out: Verdict[] = [];
  const vs = (perClass: number | 'all', against: number | 'all', margin: number, target: string) => {
    const t = best(perClass);
    const mine = tunedOf(t.m, t.kind, perClass)?.mean;
    const theirs = scratchAt(r, against)?.mean;
    if (mine === undefined || theirs === undefined) return out.push({ target, value: 'not measured', met: null });
    out.push({
      target,
      value: `${name(t)} ${(100 * mine).toFixed(1)} vs ${(100 * theirs).toFixed(1)} (${pts(mine - theirs)})`,
      met: mine - theirs >= margin,
    });
  };
  vs(40, 'all', 0, '40 labels per class, best fine-tuned ≥ supervised from scratch on all labels');
  for (const k of [1, 4, 10])
    vs(k, k, 0.05, `${k} label${k === 1 ? '' : 's'} per class: best fine-tuned ≥ supervised from scratch + 5 points`);
  for (const { m, kind } of tuned.filter((t) => t.kind === 'finetune'))
    for (const k of [40, 'all'] as const) {
      const gap = (tunedOf(m, kind, k)?.mean ?? NaN) - (sweepOf(m, k)?.mean ?? NaN);
      out.push({
        target: `${m.label} fine-tuned ≥ its linear probe at ${k === 'all' ? 'all labels' : '40 per class'}`,
        value: Number.isFinite(gap) ? pts(gap) : 'not measured',
        met: Number.isFinite(gap) ? gap >= 0 : null,
      });
    }
  return out;
}

export interface Verdict {
  target: string;
  value: string;
  met: boolean | null; // null: not measured
}

/** The learning-quality targets (issue 14's "Done when"), each with the measured value and its margin. */
export function verdicts(r: QualityRecord): Verdict[] {
  const random = r.rows.find((m) => m.id === 'random');
  const ssl = r.rows.filter((m) => m.selfSupervised);
  const base = random ? probeOf(random)?.mean : undefined;
  const out: Verdict[] = [];
  if (base === undefined || ssl.length === 0) return out;
  const gain = (m: MethodResult) => (probeOf(m)?.mean ?? NaN) - base;
  const best = ssl.reduce((a, b) => (gain(b) > gain(a) ? b : a));
  const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} points`;
  out.push({
    target: 'best self-supervised probe ≥ random init + 10 points',
    value: `${best.label}: ${points(gain(best))}`,
    met: gain(best) >= 0.1,
  });
  for (const m of ssl.filter((x) => ['rotation', 'jigsaw', 'colorization', 'cpc'].includes(x.id)))
    out.push({ target: `${m.label} ≥ random init + 3 points`, value: points(gain(m)), met: gain(m) >= 0.03 });
  for (const perClass of [1, 4, 10]) {
    const scratch = scratchAt(r, perClass)?.mean;
    const top = ssl.reduce((a, b) => ((sweepOf(b, perClass)?.mean ?? -1) > (sweepOf(a, perClass)?.mean ?? -1) ? b : a));
    const mine = sweepOf(top, perClass)?.mean;
    if (scratch === undefined || mine === undefined)
      out.push({
        target: `${perClass} label${perClass === 1 ? '' : 's'} per class: best self-supervised > supervised from scratch`,
        value: 'not measured',
        met: null,
      });
    else
      out.push({
        target: `${perClass} label${perClass === 1 ? '' : 's'} per class: best self-supervised > supervised from scratch`,
        value: `${top.label} ${(100 * mine).toFixed(1)} vs ${(100 * scratch).toFixed(1)} (${points(mine - scratch)})`,
        met: mine > scratch,
      });
  }
  return out;
}

/** Quality per minute: each method's probe after each time mark (whole minutes) and at the end, over its seeds. */
export interface QualityPerMinute {
  when: string;
  machine: Machine;
  budget: string;
  seeds: number[];
  minutes: number[]; // the marks, in whole minutes of training
  methods: { label: string; atMark: (Stat | null)[]; end: Stat | null; endMinutes: Stat | null }[]; // those probed at marks
}

export function qualityPerMinute(r: QualityRecord): QualityPerMinute {
  const marked = r.rows.filter((m) => m.seeds.some((s) => s.marks.length > 0));
  const minutes = [...new Set(marked.flatMap((m) => m.seeds.flatMap((s) => s.marks.map((k) => Math.round(k.minutes)))))].sort(
    (a, b) => a - b,
  );
  return {
    when: r.when,
    machine: r.machine,
    budget: r.budget,
    seeds: r.seeds,
    minutes,
    methods: marked.map((m) => ({
      label: m.label,
      atMark: minutes.map((k) => stat(m.seeds.map((s) => s.marks.find((x) => Math.round(x.minutes) === k)?.probe ?? NaN))),
      end: probeOf(m),
      endMinutes: stat(m.seeds.map((s) => s.trainSeconds / 60)),
    })),
  };
}

/** The quality page's tables, under the common head (bench/render.ts). */
export function qualityMarkdown(r: QualityRecord): string[] {
  const budgets = budgetsOf([...r.rows.flatMap((m) => m.seeds.map((s) => s.sweep)), ...r.scratch.map((s) => s.points)]);
  const lines = [
    `Labelled folder \`${r.dataset.folder}\` (${r.dataset.labelled} images), pool ${r.dataset.pool ? `\`${r.dataset.pool}\`` : 'none'} (${r.dataset.unlabelled} unlabelled).`,
    `Split: ${r.dataset.train} train images (self-supervised methods pre-train on all of them, labelled or not), ${r.dataset.test} held-out labelled test images (${Math.round(100 * r.dataset.testFraction)} % of every class).`,
    `Budget: ${r.budget}. Seeds ${r.seeds.join(', ')}; figures are mean ± standard deviation over seeds, in % accuracy on the held-out images.`,
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...[...verdicts(r), ...finetuneVerdicts(r)].map(
      (v) => `| ${v.target} | ${v.value} | ${v.met === null ? 'not measured' : v.met ? 'met' : 'not met'} |`,
    ),
    '',
    '## Methods',
    '',
    `| method | pretext metric | linear probe | kNN | ${budgets.map((b) => `probe, ${b === 'all' ? 'all labels' : `${b}/class`}`).join(' | ')} | steps | training s | images/s |`,
    `|---|---|---|---|${budgets.map(() => '---|').join('')}---|---|---|`,
  ];
  for (const m of r.rows) {
    const metric = Object.keys(m.seeds[0]?.pretext ?? {})[0];
    const trained = m.id !== 'random';
    lines.push(
      `| ${m.label} | ${metric ? metricCell(metric, stat(m.seeds.map((s) => s.pretext[metric]))) : '–'} | ${pct(probeOf(m))} | ${pct(stat(m.seeds.map((s) => s.knn ?? NaN)))} | ` +
        `${budgets.map((b) => pct(sweepOf(m, b))).join(' | ')} | ` +
        (trained
          ? `${m.seeds[0]?.steps ?? '–'} | ${stat(m.seeds.map((s) => s.trainSeconds))?.mean.toFixed(0) ?? '–'} | ${stat(m.seeds.map((s) => s.imagesPerSec))?.mean.toFixed(0) ?? '–'} |`
          : 'not trained | | |'),
    );
  }
  for (const m of r.rows)
    for (const kind of ['finetune', 'semi'] as const)
      if (m.seeds.some((s) => s[kind]))
        lines.push(
          `| ${m.label} ${TUNED[kind]} | – | – | – | ${budgets.map((b) => pct(tunedOf(m, kind, b))).join(' | ')} | ${m.seeds[0]?.[kind] ? finetuneStepsNote(r) : ''} | ${stat(m.seeds.map((s) => s.finetuneSeconds?.[kind] ?? NaN))?.mean.toFixed(0) ?? '–'} | |`,
        );
  if (r.scratch.length > 0)
    lines.push(`| Supervised from scratch at each budget | – | – | – | ${budgets.map((b) => pct(scratchAt(r, b))).join(' | ')} | | | |`);
  const perMinute = qualityPerMinute(r);
  if (perMinute.methods.length > 0) {
    lines.push(
      '',
      '## Quality per minute',
      '',
      'Linear probe (all labels) after this much training, mid-run (the learning rate not yet annealed), and at the end.',
      '',
    );
    lines.push(
      `| method | ${perMinute.minutes.map((k) => `${k} min`).join(' | ')} | end |`,
      `|---|${perMinute.minutes.map(() => '---|').join('')}---|`,
    );
    for (const m of perMinute.methods)
      lines.push(`| ${m.label} | ${m.atMark.map(pct).join(' | ')} | ${pct(m.end)} at ${m.endMinutes?.mean.toFixed(1)} min |`);
  }
  const errors = r.rows.flatMap((m) => m.seeds.filter((s) => s.error).map((s) => `- ${m.label}, seed ${s.seed}: ${s.error}`));
  if (errors.length > 0) lines.push('', '## Errors', '', ...errors);
  lines.push('', '## Recipes', '', ...r.rows.map((m) => `- ${m.label}: \`${JSON.stringify(m.config)}\``), '');
  return lines;
}
