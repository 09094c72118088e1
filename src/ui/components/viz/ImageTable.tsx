import type { RgbaImage } from '../../../core/methods/visualization';
import { useRevealed } from '../../hooks/useRevealed';
import { RgbaCanvas } from './RgbaCanvas';

/** Rows of images under shared column headings (input | output | original …). */
export function ImageTable({ columns, rows, testId }: { columns: string[]; rows: RgbaImage[][]; testId: string }) {
  const shown = useRevealed(rows.length);
  return (
    <table className="viz-table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, shown).map((row, i) => (
          <tr key={i}>
            {row.map((img, c) => (
              <td key={c}>
                <RgbaCanvas image={img} size={64} label={`Image ${i + 1}: ${columns[c]}`} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
