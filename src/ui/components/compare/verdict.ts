import type { SweepPoint } from '../../../core/eval/evaluate';

/** What the verdict needs of one finished, probed run. */
export interface VerdictRun {
  label: string; // the method's label
  selfSupervised: boolean; // pre-trained without labels (not supervised, not random init)
  random: boolean; // the random-init baseline
  encoder: string; // e.g. "width 16 · depth 3": only runs with the same encoder compare
  probe: number; // linear probe accuracy, all labels
  sweep: SweepPoint[] | null;
}

/** At least this many points ahead counts as "beats"; less is a tie within the noise of a few hundred test images. */
export const MARGIN = 0.01;
const FEW = [1, 4, 10];
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const points = (x: number) => (100 * x).toFixed(1);
const at = (points: SweepPoint[] | null, k: number) => points?.find((p) => p.perClass === k)?.accuracy;

/**
 * The comparison in words: which self-supervised method beats random init (same encoder) and by how much, and
 * where pre-training beats supervised training from scratch on few labels — or that it does not yet, and what to try.
 */
export function verdict(runs: VerdictRun[], scratch: SweepPoint[] | null): string[] {
  const ssl = runs.filter((r) => r.selfSupervised).sort((a, b) => b.probe - a.probe);
  if (ssl.length === 0) return ['Train a self-supervised method (rotation, jigsaw, colorization, CPC, contrastive pairs…) to see what pre-training adds.'];
  const best = ssl[0];
  const random = runs.find((r) => r.random && r.encoder === best.encoder);
  const lines: string[] = [];
  if (!random) lines.push(`Train the Random init baseline (${best.encoder}) to see how much ${best.label} learned beyond an untrained network.`);
  else {
    const ahead = ssl.filter((r) => r.encoder === random.encoder && r.probe - random.probe >= MARGIN);
    const gain = best.probe - random.probe;
    if (ahead.length > 0)
      lines.push(
        `${ahead.map((r) => `${r.label} (+${points(r.probe - random.probe)})`).join(', ')} beat${ahead.length === 1 ? 's' : ''} random init ` +
          `(${pct(random.probe)}) on the linear probe; the best, ${best.label}, by ${points(gain)} points (${pct(best.probe)}).`,
      );
    else lines.push(`No self-supervised run beats random init yet (best: ${best.label} ${pct(best.probe)} vs ${pct(random.probe)}). Try more unlabelled images, more steps, or a wider encoder.`);
  }
  if (!scratch || scratch.length === 0) lines.push('Train the supervised baseline at each budget to see where pre-training beats training from scratch on few labels.');
  else {
    const wins = FEW.flatMap((k) => {
      const mine = Math.max(...ssl.map((r) => at(r.sweep, k) ?? -1));
      const theirs = at(scratch, k);
      return theirs !== undefined && mine >= 0 && mine - theirs >= MARGIN ? [{ k, mine, theirs }] : [];
    });
    if (wins.length > 0)
      lines.push(`With few labels pre-training pays off: ${wins.map((w) => `${w.k} per class ${pct(w.mine)} vs ${pct(w.theirs)} from scratch`).join('; ')}.`);
    else lines.push('With few labels, pre-training does not beat training from scratch yet: more unlabelled images and longer pre-training are what close that gap.');
  }
  return lines;
}
