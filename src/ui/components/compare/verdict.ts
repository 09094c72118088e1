import type { SweepPoint } from '../../../core/eval/evaluate';
import { holm, mcnemar, resolution, SIGNIFICANCE, type Interval, type PairedTest } from '../../../core/eval/stats';

/** One finished, probed run as the verdict reads it. */
export interface VerdictRun {
  label: string; // the method's label
  selfSupervised: boolean; // pre-trained without labels (not supervised, not random init)
  random: boolean; // the random-init baseline
  encoder: string; // e.g. "width 16 · depth 3": only runs with the same encoder compare
  seed: number;
  probe: Scored; // the linear probe on all labels: on the test split, or cross-validated when every run has that
  sweep: SweepPoint[] | null;
  finetuned: { finetune: SweepPoint[] | null; semi: SweepPoint[] | null }; // the encoder fine-tuned (and semi-supervised) at each budget
}

/** An accuracy with the images behind it, image by image (absent for runs saved before that was kept). */
export interface Scored {
  accuracy: number;
  correct?: Uint8Array;
}

/** The claim rule: A beats B where the paired test favours A and its p-value (adjusted for the claims made with it) is below 5 %. */
const beats = (test: PairedTest, p: number) => p < SIGNIFICANCE && test.difference > 0;

/** An accuracy with its 95 % interval and, where kept, its per-image results. */
export type Ranked = Scored & Interval;

/**
 * Whether `leader` is clearly ahead of every rival, by the verdict's rule: it beats each in a paired test on the same
 * images, Holm-adjusted over the rivals. A rival without per-image results on the same images is judged by the 95 %
 * intervals instead (a stricter test): the leader's must lie wholly above the rival's.
 */
export function clearlyAhead(leader: Ranked, rivals: readonly Ranked[]): boolean {
  const tests = rivals.map((r) =>
    leader.correct && r.correct && r.correct.length === leader.correct.length && r.correct.length > 0
      ? mcnemar([[leader.correct, r.correct]])
      : null,
  );
  const tested = tests.flatMap((t) => (t ? [t] : []));
  const ps = holm(tested.map((t) => t.p));
  return tested.every((t, i) => beats(t, ps[i])) && rivals.every((r, i) => tests[i] !== null || leader.low > r.high);
}

/** The verdict's nouns: what is classified and which methods pre-train. */
export interface VerdictWords {
  items: string; // 'images' or 'texts'
  examples: string; // the self-supervised methods, by name
  settle: string; // what would settle an unclear difference
}

const IMAGE_WORDS: VerdictWords = {
  items: 'images',
  examples: 'rotation, jigsaw, colorization, CPC, contrastive pairs…',
  settle: 'more labelled images, more seeds (“Repeat with 3 seeds”) or longer pre-training',
};

/** Runs of one method and encoder: the seeds of one recipe. */
interface Group {
  label: string;
  encoder: string;
  runs: VerdictRun[];
}

const BUDGETS: (number | 'all')[] = [1, 4, 10, 40, 'all'];
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const seeds = (g: Group) => (g.runs.length > 1 ? `, ${g.runs.length} seeds` : '');
const budgetText = (k: number | 'all') => (k === 'all' ? 'all labels' : `${k} per class`);

function groups(runs: readonly VerdictRun[]): Group[] {
  const out = new Map<string, Group>();
  for (const r of [...runs].sort((a, b) => a.seed - b.seed)) {
    const key = `${r.label}\n${r.encoder}`;
    if (!out.has(key)) out.set(key, { label: r.label, encoder: r.encoder, runs: [] });
    out.get(key)!.runs.push(r);
  }
  return [...out.values()];
}

/**
 * A paired test of each of `a`'s scores against `b`'s (the run of the same seed where there is one, else the first):
 * null when some score lacks its per-image results or they were scored on different images.
 */
function paired(a: (Scored | undefined)[], b: (Scored | undefined)[], aSeeds: number[], bSeeds: number[]): PairedTest | null {
  const pairs = a.map((x, i) => [x?.correct, b[Math.max(0, bSeeds.indexOf(aSeeds[i]))]?.correct] as const);
  if (pairs.some(([x, y]) => !x || !y || x.length !== y.length || x.length === 0)) return null;
  return mcnemar(pairs as [Uint8Array, Uint8Array][]);
}

const at = (r: VerdictRun, k: number | 'all') => r.sweep?.find((p) => p.perClass === k);

/** Pre-trained against random init (same encoder), one claim per method, Holm-adjusted together. */
function againstRandom(ssl: Group[], all: Group[], what: string, words: VerdictWords): string[] {
  const best = ssl.reduce((a, b) => (mean(b.runs.map((r) => r.probe.accuracy)) > mean(a.runs.map((r) => r.probe.accuracy)) ? b : a));
  const random = all.find((g) => g.runs[0].random && g.encoder === best.encoder);
  if (!random)
    return [`Train the Random init baseline (${best.encoder}) to see how much ${best.label} learned beyond an untrained network.`];
  const rivals = ssl.filter((g) => g.encoder === random.encoder);
  const tests = rivals.map((g) =>
    paired(
      g.runs.map((r) => r.probe),
      random.runs.map((r) => r.probe),
      g.runs.map((r) => r.seed),
      random.runs.map((r) => r.seed),
    ),
  );
  if (tests.some((t) => t === null))
    return ['Some runs were probed before the lab kept per-image results: press “Probe now” on them to compare them image by image.'];
  const ps = holm(tests.map((t) => t!.p));
  const base = pct(mean(random.runs.map((r) => r.probe.accuracy)));
  const item = (i: number) => `${rivals[i].label} (${signed(tests[i]!.difference)} points, ${pText(ps[i])}${seeds(rivals[i])})`;
  const idx = rivals.map((_, i) => i);
  const wins = idx.filter((i) => beats(tests[i]!, ps[i]));
  const losses = idx.filter((i) => ps[i] < SIGNIFICANCE && tests[i]!.difference < 0);
  const unclear = idx.filter((i) => ps[i] >= SIGNIFICANCE);
  const n = tests[0]!.n / Math.max(1, rivals[0].runs.length);
  const lines: string[] = [];
  if (wins.length)
    lines.push(`${wins.map(item).join(', ')} beat${wins.length === 1 ? 's' : ''} random init (${base}) on the linear probe, ${what}.`);
  if (losses.length)
    lines.push(
      `${losses.map(item).join(', ')} ${losses.length === 1 ? 'is' : 'are'} below random init (${base}) on the linear probe, ${what}.`,
    );
  if (unclear.length)
    lines.push(
      `No clear difference from random init (${base}) ${what}: ${unclear.map(item).join(', ')}. ${n.toLocaleString('en-US')} ${words.items} resolve about ±${(100 * resolution(n)).toFixed(0)} points; ` +
        `${words.settle} would settle it.`,
    );
  return lines;
}

/** Pre-trained against supervised training from scratch at each label budget: the best method at each, tested. */
function againstScratch(ssl: Group[], scratch: SweepPoint[], words: VerdictWords): string[] {
  const rows = BUDGETS.flatMap((k) => {
    const theirs = scratch.find((p) => p.perClass === k);
    const candidates = ssl.filter((g) => g.runs.every((r) => at(r, k)));
    if (!theirs || candidates.length === 0) return [];
    const best = candidates.reduce((a, b) =>
      mean(b.runs.map((r) => at(r, k)!.accuracy)) > mean(a.runs.map((r) => at(r, k)!.accuracy)) ? b : a,
    );
    const test = paired(
      best.runs.map((r) => at(r, k)),
      best.runs.map(() => theirs),
      best.runs.map((r) => r.seed),
      best.runs.map((r) => r.seed),
    );
    // picking the best of several methods is a test of each: Bonferroni over them, then Holm over the budgets
    return test
      ? [
          {
            k,
            best,
            mine: mean(best.runs.map((r) => at(r, k)!.accuracy)),
            theirs: theirs.accuracy,
            test,
            p: Math.min(1, test.p * candidates.length),
          },
        ]
      : [];
  });
  if (rows.length === 0)
    return ['The supervised baseline was trained before the lab kept per-image results: train it again to compare it image by image.'];
  const ps = holm(rows.map((r) => r.p));
  const item = (i: number) =>
    `${budgetText(rows[i].k)} ${rows[i].best.label} ${pct(rows[i].mine)} vs ${pct(rows[i].theirs)} (${pText(ps[i])}${seeds(rows[i].best)})`;
  const idx = rows.map((_, i) => i);
  const wins = idx.filter((i) => beats(rows[i].test, ps[i]));
  const losses = idx.filter((i) => ps[i] < SIGNIFICANCE && rows[i].test.difference < 0);
  const unclear = idx.filter((i) => ps[i] >= SIGNIFICANCE);
  const lines: string[] = [];
  if (wins.length) lines.push(`Pre-training beats training from scratch at ${wins.map(item).join('; ')}.`);
  if (losses.length) lines.push(`Training from scratch wins at ${losses.map(item).join('; ')}.`);
  if (unclear.length)
    lines.push(`No clear difference from training from scratch at ${unclear.map((i) => budgetText(rows[i].k)).join(', ')}.`);
  if (!wins.length)
    lines.push(
      `With few labels, pre-training does not beat training from scratch here yet: more unlabelled ${words.items} and longer pre-training are what close that gap.`,
    );
  return lines;
}

/** Each method's fine-tuned (and semi-supervised) classifiers as groups of their own, where every seed has one. */
function tunedGroups(ssl: Group[]): Group[] {
  return ssl.flatMap((g) =>
    (['finetune', 'semi'] as const).flatMap((kind) =>
      g.runs.every((r) => r.finetuned[kind])
        ? [
            {
              ...g,
              label: `${g.label} ${kind === 'semi' ? 'semi-supervised' : 'fine-tuned'}`,
              runs: g.runs.map((r) => ({ ...r, sweep: r.finetuned[kind] })),
            },
          ]
        : [],
    ),
  );
}

/**
 * The comparison in words. A method "beats" another only where an exact McNemar test on the same images (pooled over
 * seeds, Holm-adjusted over the claims made together) is significant at 5 %; otherwise it says there is no clear
 * difference and what would settle it. `what` says which images: "on the same 400 test images".
 */
export function verdict(runs: readonly VerdictRun[], scratch: SweepPoint[] | null, what: string, words = IMAGE_WORDS): string[] {
  const all = groups(runs);
  const ssl = all.filter((g) => g.runs[0].selfSupervised);
  if (ssl.length === 0) return [`Train a self-supervised method (${words.examples}) to see what pre-training adds.`];
  const lines = againstRandom(ssl, all, what, words);
  if (!scratch || scratch.length === 0)
    lines.push('Train the supervised baseline at each budget to see where pre-training beats training from scratch on few labels.');
  else lines.push(...againstScratch([...ssl, ...tunedGroups(ssl)], scratch, words));
  return lines;
}
