import { errorMessage } from '../../../core/errors';
import { reportError } from '../../state/store';
import { chartPng, serializeChart } from './chartImage';
import { download, safeFileName } from './download';

/**
 * Save the chart whose figure has `data-testid={chartTestId}` as SVG or PNG. Standalone: any view can place
 * it beside a chart without the chart knowing.
 */
export function ExportChartButton({ chartTestId, label, fileName }: { chartTestId: string; label: string; fileName: string }) {
  const save = (format: 'svg' | 'png') => async () => {
    const figure = document.querySelector(`[data-testid="${CSS.escape(chartTestId)}"]`);
    const svg = figure?.querySelector<SVGSVGElement>('svg.chart-surface');
    if (!svg)
      return reportError(
        figure
          ? `The ${label} chart has no points yet: save it once the run has trained.`
          : `The ${label} chart is not on screen: show the run to save its chart.`,
      );
    const text = serializeChart(svg);
    const name = `${safeFileName(fileName)}.${format}`;
    if (format === 'svg') return download(new Blob([text], { type: 'image/svg+xml' }), name);
    const { width, height } = svg.getBoundingClientRect();
    try {
      download(await chartPng(text, width, height), name);
    } catch (e) {
      reportError(`Could not make a PNG of the ${label} chart: ${errorMessage(e)}`);
    }
  };
  return (
    <span className="chart-export" role="group" aria-label={`Save the ${label} chart`}>
      <span className="muted small">{label}:</span>
      <button type="button" className="link-button" onClick={() => void save('svg')()} data-testid={`export-svg-${chartTestId}`}>
        SVG
      </button>
      <button type="button" className="link-button" onClick={() => void save('png')()} data-testid={`export-png-${chartTestId}`}>
        PNG
      </button>
    </span>
  );
}
