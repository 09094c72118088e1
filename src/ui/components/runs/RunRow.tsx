import { useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { methodInfo } from '../../../core/methods/catalog';
import { allows, isLive } from '../../../core/train/runState';
import type { RunStatus } from '../../../core/train/types';
import { app } from '../../state/app';
import { reportError, type RunMeta } from '../../state/store';
import { experimentQuery } from '../../state/urlParams';
import { download, safeFileName } from './download';
import { ExportChartButton } from './ExportChartButton';
import { ModelExports } from './ModelExports';

/** A run's state in the list: a run live when the page closed (or its worker died) reads "interrupted"; one on disk here but live is trained by another tab. */
export function savedState(run: RunStatus, meta: RunMeta): string {
  if (run.interrupted) return 'interrupted';
  if (meta.onDisk && isLive(run.state)) return `${run.state} in another tab`;
  return meta.onDisk && run.state === 'stopped' ? 'stopped (on disk)' : run.state;
}

/** The link that sets up this run's experiment again (method, steps, batch, seed, resolution). */
export function runLink(run: RunStatus): string {
  const c = run.config;
  const q = experimentQuery({
    backend: 'auto',
    threads: 'auto',
    resolution: c.resolution,
    methods: [run.method],
    textMethods: [],
    steps: c.steps,
    batchSize: c.batchSize,
    seed: c.seed,
    autostart: false,
    finetune: [],
    dataset: 'sample',
    pool: true,
  });
  return `${window.location.origin}${window.location.pathname}${q}`;
}

const act = (what: string, f: () => Promise<unknown>) => () =>
  void f().catch((e: unknown) => reportError(`Could not ${what}: ${errorMessage(e)}`));

/** One saved run: open, rename, resume, export, copy its link, save its charts, delete. */
export function RunRow({ run, meta }: { run: RunStatus; meta: RunMeta }) {
  const [editing, setEditing] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const method = methodInfo(run.method);
  const resumable = run.state === 'stopped' && allows(run, 'resume'); // a paused run resumes from its panel
  const exportRun = act(`export ${meta.name}`, async () =>
    download(await app.archive.exportRuns([run.id]), `${safeFileName(meta.name)}.zip`, 'application/zip'),
  );
  const copyLink = act('copy the link', async () => {
    const link = runLink(run);
    await navigator.clipboard.writeText(link).then(
      () => setCopied('link copied'),
      () => setCopied(link),
    );
  });
  return (
    <li className="saved-run" data-testid={`saved-${run.id}`} data-state={savedState(run, meta)}>
      <RunRowHead run={run} meta={meta} editing={editing} onRenamed={() => setEditing(false)} />
      <div className="saved-run__actions" role="group" aria-label={`Saved run ${meta.name}`}>
        {meta.onDisk && (
          <button type="button" onClick={act(`open ${meta.name}`, () => app.runs.open(run.id))} data-testid={`open-${run.id}`}>
            Open
          </button>
        )}
        {resumable && (
          <button
            type="button"
            className="primary"
            onClick={act(`resume ${meta.name}`, () => app.runs.resume(run.id))}
            data-testid={`resume-saved-${run.id}`}
          >
            Resume{meta.checkpointStep !== null ? ` from step ${meta.checkpointStep}` : ''}
          </button>
        )}
        <button type="button" onClick={() => setEditing(true)} data-testid={`rename-${run.id}`}>
          Rename
        </button>
        <button type="button" onClick={exportRun} data-testid={`export-${run.id}`}>
          Export
        </button>
        <ModelExports run={run} name={meta.name} />
        <button type="button" onClick={copyLink} data-testid={`link-${run.id}`}>
          Copy link
        </button>
        <button type="button" onClick={act(`delete ${meta.name}`, () => app.runs.remove(run.id))} data-testid={`delete-${run.id}`}>
          Delete
        </button>
        {method.trainable && <ExportChartButton chartTestId={`loss-chart-${run.id}`} label="loss" fileName={`${meta.name}-loss`} />}
      </div>
      {copied && <CopiedLink runId={run.id} copied={copied} />}
    </li>
  );
}

/** The run's name (an input while renaming), method, progress, checkpoint and dataset, and its state. */
function RunRowHead({ run, meta, editing, onRenamed }: { run: RunStatus; meta: RunMeta; editing: boolean; onRenamed: () => void }) {
  const method = methodInfo(run.method);
  return (
    <div className="saved-run__head">
      {editing ? (
        <RenameInput run={run} name={meta.name} onDone={onRenamed} />
      ) : (
        <strong data-testid={`saved-name-${run.id}`}>{meta.name}</strong>
      )}
      <span className="muted small">
        {method.label} · step {run.step}/{run.steps}
        {meta.checkpointStep !== null && ` · checkpoint at step ${meta.checkpointStep}`} · {meta.dataset.name}
      </span>
      <span className={`state-pill state-pill--${run.interrupted ? 'paused' : run.state}`} data-testid={`saved-state-${run.id}`}>
        {savedState(run, meta)}
      </span>
    </div>
  );
}

/** The run's name as an input: Enter or leaving it renames the run, Escape keeps the old name. */
function RenameInput({ run, name, onDone }: { run: RunStatus; name: string; onDone: () => void }) {
  const rename = (next: string) => {
    onDone();
    if (next !== name) act('rename the run', () => app.runs.rename(run.id, next))();
  };
  return (
    <input
      aria-label={`New name for ${run.id}`}
      data-testid={`rename-input-${run.id}`}
      defaultValue={name}
      maxLength={200}
      autoFocus
      onBlur={(e) => rename(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') rename(e.currentTarget.value);
        if (e.key === 'Escape') onDone();
      }}
    />
  );
}

/** "link copied", or the link itself to copy by hand where the clipboard refused it. */
function CopiedLink({ runId, copied }: { runId: string; copied: string }) {
  return (
    <p className="small muted" data-testid={`link-text-${runId}`}>
      {copied === 'link copied' ? (
        copied
      ) : (
        <input readOnly value={copied} aria-label="Experiment link" onFocus={(e) => e.currentTarget.select()} />
      )}
    </p>
  );
}
