import { memo, useMemo } from 'react';
import { textCatalog, type TextMethodId } from '../../../core/methods/catalog';
import type { PerplexityEstimate } from '../../../core/text/textEval';
import type { TextRunStatus } from '../../../worker/textContract';
import { useDownsampled } from '../../hooks/useDownsampled';
import { useTextRuns } from '../../state/textRuns';
import type { RefLine } from '../chart/LineChart';
import { CurveChart, type Series } from '../CurveChart';
import { formatLoss, SMOOTHING } from '../RunCharts';

/** What each method's training loss measures, and on what, in words: the chart's title and its raw line's name. */
const MEASURED: Record<TextMethodId, [what: string, on: string]> = {
  nextword: ['next-word perplexity', 'on training windows'],
  prevword: ['previous-word perplexity', 'on training windows'],
  maskedword: ['hidden-word perplexity', 'on training windows, both sides seen'],
  supervised: ['class loss', 'on labelled training windows'],
  random: ['no training', ''],
};

const perplexity = (loss: number) => {
  const p = Math.exp(loss);
  return p >= 100 ? p.toFixed(0) : p.toFixed(1);
};

/** Whether a method's training loss is a word cross-entropy: its chart then reads in perplexity (exp of the loss). */
const inPerplexity = (method: TextMethodId) => textCatalog[method].metricNames.includes('perplexity');

/** The held-out references predict the next word: only a next-word run is measured like them. */
const likeBigram = (method: TextMethodId) => method === 'nextword';

/**
 * A text run's loss by step as it trains, raw and smoothed. A word method's reads in perplexity on a log scale (the
 * lines are the loss; the labels its exp); a next-word run's sits beside two held-out references: the bigram's from the
 * start and the run's own once it is evaluated (only those two are measured on the same held-out words).
 */
export const TextRunChart = memo(function TextRunChart({ run }: { run: TextRunStatus }) {
  const { rows, rawCount } = useDownsampled(run.id, 'loss', SMOOTHING, useTextRuns);
  const words = inPerplexity(run.method);
  const [what, on] = MEASURED[run.method];
  const series = useMemo<Series[]>(
    () => [
      { key: 'value', name: `${what} ${on}`, color: 'var(--muted)', faint: true },
      { key: 'smooth', name: 'smoothed', color: 'var(--accent)' },
    ],
    [what, on],
  );
  const bigram = run.result?.bigramEstimate ?? null;
  const heldOut = run.result?.perplexityEstimate ?? null;
  const refs = useMemo(
    () => (likeBigram(run.method) ? heldOutRefs(run.bigramPerplexity, bigram, heldOut) : undefined),
    [run.method, run.bigramPerplexity, bigram, heldOut],
  );
  const title = `${run.id}: ${what}${words ? ' (log scale)' : ''}`;
  return (
    <CurveChart
      testId={`text-chart-${run.id}`}
      title={title}
      rows={rows}
      rawCount={rawCount}
      series={series}
      format={words ? perplexity : formatLoss}
      refs={refs}
    />
  );
});

/** A held-out perplexity as the legend names it: with its 95 % bootstrap interval once the run is evaluated. */
const withInterval = (value: number, e: PerplexityEstimate | null) =>
  e ? `${e.perplexity.toFixed(1)} (95 %: ${e.low.toFixed(1)}–${e.high.toFixed(1)})` : value.toFixed(1);

/** The held-out references, at the log of their perplexity (the chart's y is the loss); an unknown one is left out. */
function heldOutRefs(bigram: number, bigramEstimate: PerplexityEstimate | null, run: PerplexityEstimate | null): RefLine[] {
  const refs: RefLine[] = [];
  if (Number.isFinite(bigram))
    refs.push({
      id: 'bigram',
      name: `bigram, held-out words: ${withInterval(bigram, bigramEstimate)}`,
      color: 'var(--warn)',
      y: Math.log(bigram),
    });
  if (run)
    refs.push({
      id: 'held-out',
      name: `this run, held-out words: ${withInterval(run.perplexity, run)}`,
      color: 'var(--good)',
      y: Math.log(run.perplexity),
    });
  return refs;
}
