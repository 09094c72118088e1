/** The darkest shade (% of the accent colour), low enough that the theme's text stays readable on it. */
const MAX_SHADE = 45;

/**
 * A confusion matrix as a small heat-map table: rows are the true class, columns the predicted one; each cell's
 * shade is its share of the row, and its text (count, with the full reading in its title) stays readable.
 */
export function ConfusionMatrix({ matrix, classes, testId }: { matrix: number[][]; classes: string[]; testId: string }) {
  const name = (k: number) => classes[k] ?? `class ${k}`;
  return (
    <table className="confusion" data-testid={testId}>
      <caption className="small muted">Rows: true class · columns: predicted class</caption>
      <thead>
        <tr>
          <td />
          {matrix.map((_, k) => (
            <th key={k} scope="col" className="confusion__col">
              <span>{name(k)}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, r) => {
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={r}>
              <th scope="row">{name(r)}</th>
              {row.map((count, c) => {
                const share = total > 0 ? count / total : 0;
                return (
                  <td
                    key={c}
                    className={`mono${c === r ? ' confusion__diag' : ''}`}
                    style={{ background: `color-mix(in srgb, var(--accent) ${Math.round(MAX_SHADE * share)}%, var(--panel))` }}
                    title={`true ${name(r)}, predicted ${name(c)}: ${count} of ${total}`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
