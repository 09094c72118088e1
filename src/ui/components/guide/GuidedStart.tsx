import { useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { app } from '../../state/app';
import { planNow } from '../../state/estimates';
import { dismissGuide, guideStarted, useGuide } from '../../state/guide';
import { reportError, useStore } from '../../state/store';

/**
 * The guided first experiment: jigsaw, the fastest method to show a gain over random init (bench/results/quality.md),
 * pre-trained for the Quick budget, and random init (no training) as what it is measured against.
 */
export const GUIDED_METHOD = 'jigsaw';

/** Queue the guided pair and bring the comparison into view. */
export async function startGuided(): Promise<void> {
  const cfg = app.experimentConfig(GUIDED_METHOD);
  await app.runs.start(GUIDED_METHOD, { ...cfg, steps: planNow(GUIDED_METHOD, cfg, { kind: 'quick' })?.steps ?? cfg.steps });
  await app.runs.start('random', app.experimentConfig('random'));
  guideStarted();
  document.getElementById('compare-heading')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** The suggestion a first visit opens with; dismissed for good, or brought back from the header. */
export function GuidedStart() {
  const { open, started } = useGuide();
  const ready = useStore((s) => s.dataset !== null && s.backend !== null);
  const [busy, setBusy] = useState(false);
  if (!open) return null;
  const run = async () => {
    setBusy(true);
    try {
      await startGuided();
    } catch (e) {
      reportError(`Could not start the guided experiment: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="guide" aria-labelledby="guide-heading" data-testid="guide">
      <div className="guide__text">
        <h2 id="guide-heading">See self-supervision work in about 3 minutes</h2>
        <p className="small">
          One click pre-trains <strong>jigsaw</strong> (it learns by putting shuffled tiles back in order, no labels) for about a minute,
          beside <strong>random init</strong> (the same network, untrained), then opens the comparison below.
        </p>
        <p className="small">
          What to look for: once both runs are done, the table’s <em>linear probe</em> column says how well each network’s features separate
          the classes. Jigsaw is usually a few points above random init; after only a minute the verdict may still say “no clear difference”
          — the Standard length (about 5 minutes) settles it more often.
        </p>
        {started && (
          <p className="small" role="status" data-testid="guide-started">
            Queued: jigsaw trains first, random init follows. Scroll to “Compare methods” to watch the numbers arrive.
          </p>
        )}
      </div>
      <div className="guide__actions">
        <button type="button" className="primary" onClick={() => void run()} disabled={!ready || busy || started} data-testid="guide-start">
          {ready ? 'Run the guided experiment' : 'Loading the sample…'}
        </button>
        <button type="button" className="link-button small" onClick={dismissGuide} data-testid="guide-dismiss">
          Dismiss
        </button>
      </div>
    </section>
  );
}
