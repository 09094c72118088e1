import type { Rejection } from '../state/store';

export function RejectedList({ rejected }: { rejected: Rejection[] }) {
  return (
    <details className="rejected" open={rejected.length <= 20} data-testid="rejected-list">
      <summary>
        {rejected.length} file{rejected.length === 1 ? ' was' : 's were'} skipped
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejected.map((r, i) => (
            <tr key={`${r.file}-${i}`}>
              <td className="mono">{r.file}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
