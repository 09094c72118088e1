import type { SweepPoint } from '../../../core/eval/evaluate';
import { recipeConfig, textCatalog } from '../../../core/methods/catalog';
import type { PerplexityEstimate } from '../../../core/text/textEval';
import type { TextAccuracy, TextRunStatus } from '../../../worker/textContract';
import type { TextRunsState } from '../../state/textRuns';
import { estimate, sweepEstimate, type Estimate, type SweepEstimate } from '../compare/compareData';
import { verdict, type VerdictRun, type VerdictWords } from '../compare/verdict';

/** One finished text run's figures, each with its 95 % interval. */
export interface TextCompareRow {
  runId: string;
  method: string; // the method's label
  steps: number;
  probe: Estimate | null;
  knn: Estimate | null;
  perplexity: PerplexityEstimate | null; // held-out, next-word models only
  bigram: PerplexityEstimate; // the bigram's on the same words
  sweep: SweepEstimate[];
}

/** What the text compare view shows and status().text.compare reports: the finished runs of the text dataset on the page. */
export interface TextComparison {
  runIds: string[];
  rows: TextCompareRow[];
  scratch: SweepPoint[] | null; // supervised from scratch per budget, once every budget is in
  verdict: string[];
}

const TEXT_WORDS: VerdictWords = {
  items: 'texts',
  examples: 'next word, masked word, previous word',
  settle: 'more labelled texts or longer pre-training',
};

const scored = (a: TextAccuracy | null) => a && estimate(a.accuracy, a.correct.length, a.correct);

function row(r: TextRunStatus & { result: NonNullable<TextRunStatus['result']> }): TextCompareRow {
  const { result } = r;
  return {
    runId: r.id,
    method: textCatalog[r.method].label,
    steps: r.step,
    probe: scored(result.probe),
    knn: scored(result.knn),
    perplexity: result.perplexityEstimate,
    bigram: result.bigramEstimate,
    sweep: (result.sweep ?? []).map(sweepEstimate),
  };
}

/** A probed run as the verdict reads it: every text run shares the text recipe's encoder and seed. */
function verdictRun(r: TextRunStatus & { result: NonNullable<TextRunStatus['result']> }): VerdictRun[] {
  const info = textCatalog[r.method];
  const { probe } = r.result;
  if (!probe) return [];
  const cfg = recipeConfig(info); // the worker's: its encoder and its probe's seed
  return [
    {
      label: info.label,
      selfSupervised: info.trainable && !info.needsLabels,
      random: !info.trainable,
      encoder: `width ${cfg.width} · depth ${cfg.depth}`,
      seed: cfg.seed,
      probe,
      sweep: r.result.sweep,
      finetuned: { finetune: null, semi: null },
    },
  ];
}

/** The comparison of the text runs: rows, and the verdict (McNemar on the same held-out texts) where any run was probed. */
export function textComparison(s: Pick<TextRunsState, 'runs' | 'scratch'>): TextComparison {
  const done = s.runs.filter(
    (r): r is TextRunStatus & { result: NonNullable<TextRunStatus['result']> } =>
      (r.state === 'done' || r.state === 'stopped') && !!r.result,
  );
  const probed = done.flatMap(verdictRun);
  const scratch = s.scratch && !s.scratch.running && s.scratch.points.length > 0 ? s.scratch.points : null;
  const n = probed[0]?.probe.correct?.length ?? 0;
  return {
    runIds: done.map((r) => r.id),
    rows: done.map(row),
    scratch,
    verdict: probed.length > 0 ? verdict(probed, scratch, `on the same ${n.toLocaleString('en-US')} held-out texts`, TEXT_WORDS) : [],
  };
}
