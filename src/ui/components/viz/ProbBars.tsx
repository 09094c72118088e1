/** Small horizontal probability bars; the `highlight` row (the truth) is marked. */
export function ProbBars({ labels, probs, highlight, label }: { labels: string[]; probs: number[]; highlight: number; label: string }) {
  return (
    <ul className="prob-bars" aria-label={label}>
      {labels.map((name, i) => (
        <li key={name} className={i === highlight ? 'prob-bars--true' : undefined}>
          <span className="prob-bars__name">{name}{i === highlight && <span className="visually-hidden"> (true)</span>}</span>
          <span className="prob-bars__track"><span className="prob-bars__bar" style={{ width: `${100 * probs[i]}%` }} /></span>
          <span className="prob-bars__value">{(100 * probs[i]).toFixed(0)}%</span>
        </li>
      ))}
    </ul>
  );
}
