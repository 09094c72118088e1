import { num, table } from './markdown';
import type { BenchRecord } from './record';

// The estimates part's record and its page's table (bench/estimates.ts measures; this file is pure: no browser).

/** One method at one resolution: the estimate before Start against the wall time the user waited. */
export interface EstimateRow {
  resolution: number;
  method: string;
  budget: string; // the card's length menu value
  defaultSeconds: number | null; // the estimate of the card's default length (Standard), read first
  steps: number | null;
  estimateSeconds: number | null; // status().estimates before Start
  firstGuess: boolean; // the estimate came from the bench's prior alone (no run had measured this browser yet)
  measuredSeconds: number | null; // Start click → trained and evaluated
  firstStepSeconds: number | null; // Start click → step 1 (set-up and kernel compilation)
  trainSeconds: number | null; // step 1 → trained (steps and checkpoints)
  evalSeconds: number | null; // trained → its end-of-run evaluation arrived
  imagesPerSec: number | null;
  threads: number | null;
  ratio: number | null; // measured ÷ estimate
  error?: string;
}

/** A row's verdict: the issue asks for the estimate within ±30 % of the measured time. */
export const TOLERANCE = 0.3;
export const withinTolerance = (r: EstimateRow) => r.ratio !== null && Math.abs(r.ratio - 1) <= TOLERANCE;

/** bench/results/estimates.json: rows are runs (one method at one resolution); `images` in the folder, each at length `budget`. */
export type EstimatesRecord = BenchRecord<'estimates', EstimateRow, { images: number; budget: string }>;

/** The estimates' table, under the common head (bench/render.ts): one row per run, and how many were within the tolerance. */
export function estimatesMarkdown(r: EstimatesRecord): string[] {
  const ok = r.rows.filter(withinTolerance).length;
  const head = [
    'px',
    'method',
    'budget',
    'steps',
    'estimate s',
    'measured s',
    'measured ÷ estimate',
    `within ±${TOLERANCE * 100} %`,
    'first step s',
    'training s',
    'evaluation s',
    'images/s',
    'threads',
    'Standard (default): estimate s',
    'Standard × ratio s',
  ];
  const body = r.rows.map((x) => [
    String(x.resolution),
    x.method,
    x.budget,
    num(x.steps, 0),
    `${num(x.estimateSeconds, 0)}${x.firstGuess ? ' (first guess)' : ''}`,
    x.error ? `error: ${x.error}` : num(x.measuredSeconds, 0),
    num(x.ratio, 2),
    withinTolerance(x) ? 'yes' : 'no',
    num(x.firstStepSeconds, 1),
    num(x.trainSeconds, 1),
    num(x.evalSeconds, 1),
    num(x.imagesPerSec, 0),
    num(x.threads, 0),
    num(x.defaultSeconds, 0),
    num(x.defaultSeconds !== null && x.ratio !== null ? x.defaultSeconds * x.ratio : null, 0),
  ]);
  return [
    `The real app on WASM in headless Chromium, a generated folder of ${r.images} JPEGs. ` +
      "For each method: the card's length menu set to the budget, the estimate read before Start (status().estimates), then the time from the Start click until the run is trained and evaluated. " +
      "Each resolution starts from a fresh browser profile, so its first method's estimate is the first guess from the bench's figures; later ones are refined by the speed earlier runs measured.",
    '',
    "The last two columns: the default length's estimate on the same card, and that estimate corrected by the measured ratio (what a default run would take here).",
    '',
    `${ok} of ${r.rows.length} runs within ±${TOLERANCE * 100} %.`,
    '',
    table(head, body),
    '',
  ];
}
