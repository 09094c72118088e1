import type { CSSProperties } from 'react';

/**
 * Small probability bars, one line each ("90°  12%", a bar under it); the `highlight` line (the truth) is marked.
 * Kept to two elements a line: a run's rotation view shows 24 of these, and their first layout was most of a 100 ms frame.
 */
export function ProbBars({ labels, probs, highlight, label }: { labels: string[]; probs: number[]; highlight: number; label: string }) {
  return (
    <ul className="prob-bars" aria-label={`${label} (true: ${labels[highlight] ?? 'none shown'})`}>
      {labels.map((name, i) => (
        <li key={name} className={i === highlight ? 'prob-bars--true' : undefined} style={{ '--p': probs[i] } as CSSProperties}>
          {name}
          <span>{(100 * probs[i]).toFixed(0)}%</span>
        </li>
      ))}
    </ul>
  );
}
