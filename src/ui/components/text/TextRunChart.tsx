import { memo, useMemo } from 'react';
import { textCatalog, type TextMethodId } from '../../../core/methods/catalog';
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
  const heldOut = run.result?.perplexity ?? null;
  const refs = useMemo(
    () => (likeBigram(run.method) ? heldOutRefs(run.bigramPerplexity, heldOut) : undefined),
    [run.method, run.bigramPerplexity, heldOut],
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

/** The held-out references, at the log of their perplexity (the chart's y is the loss); an unknown one is left out. */
function heldOutRefs(bigram: number, run: number | null): RefLine[] {
  const refs: RefLine[] = [];
  if (Number.isFinite(bigram))
    refs.push({
      id: 'bigram',
      name: `bigram, held-out words: ${bigram.toFixed(1)}`,
      color: 'var(--warn)',
      y: Math.log(bigram),
    });
  if (run !== null && Number.isFinite(run))
    refs.push({ id: 'held-out', name: `this run, held-out words: ${run.toFixed(1)}`, color: 'var(--good)', y: Math.log(run) });
  return refs;
}
