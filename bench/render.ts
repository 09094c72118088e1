import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { estimatesMarkdown, type EstimatesRecord } from './estimatesReport';
import { gpuMarkdown, type GpuRecord } from './gpu/results';
import { cell, num, table } from './markdown';
import { qualityMarkdown, type QualityRecord } from './quality/report';
import type { BenchRecord, Machine } from './record';
import { suiteMarkdown } from './report';
import type { SuiteRecord } from './results';

// The one renderer: any part's record → its Markdown page (a common head, then the part's tables), and the one writer
// of <part>.json and <part>.md.

/** A part whose rows are flat figures (kernels, methods): its page is one table of them. */
export type FlatRecord = BenchRecord<'kernels' | 'methods', Record<string, string | number | null>>;
export type AnyRecord = SuiteRecord | EstimatesRecord | QualityRecord | GpuRecord | FlatRecord;

const TITLES: Record<AnyRecord['part'], string> = {
  suite: 'Benchmark results',
  estimates: 'Run-time estimates against measured runs',
  quality: 'Learning quality',
  kernels: 'Our WASM kernels against the formulations they replaced',
  methods: 'One training step of each method',
  gpu: 'GPU benchmark',
};

const recorded = (s: string | undefined) => (s && s !== 'not recorded' ? s : null);
const loads = (v: number[]) => v.map((x) => num(x, 2)).join(' / ');

/** What the record says of the machine; a field it did not record is left out. */
function machineLine(m: Machine): string {
  const node = recorded(m.node);
  const parts = [
    recorded(m.cpu),
    m.nproc ? `${m.nproc} cores` : null,
    m.platform,
    node && `Node ${node}`,
    m.gpu,
    m.chromium,
    m.backend ? `TensorFlow.js ${m.backend} on ${m.threads ?? 1} thread(s)` : null,
  ];
  const { start, end } = m.loadavg;
  const load = [start.length ? `${loads(start)} at the start` : null, end.length ? `${loads(end)} at the end` : null].filter(Boolean);
  return `${parts.filter(Boolean).join(', ') || 'machine not recorded'}${load.length ? `; load average ${load.join(', ')} (1 / 5 / 15 min)` : ''}.`;
}

/** The head every page starts with: what, by which command, when, where. */
function head(r: AnyRecord): string[] {
  const flag = r.quick ? (r.part === 'gpu' ? ' --smoke' : ' --quick') : '';
  return [
    `# ${TITLES[r.part]}${r.quick ? ' (quick smoke run)' : ''}`,
    '',
    `Measured by \`npm run bench -- ${r.part}${flag}\` on ${r.when}: ${machineLine(r.machine)}`,
    '',
  ];
}

function flatMarkdown(r: FlatRecord): string[] {
  const columns = [...new Set(r.rows.flatMap((row) => Object.keys(row)))];
  const show = (v: string | number | null | undefined) => (typeof v === 'number' ? num(v, 2) : cell(v ?? '—'));
  return [
    table(
      columns,
      r.rows.map((row) => columns.map((c) => show(row[c]))),
    ),
    '',
  ];
}

function body(r: AnyRecord): string[] {
  switch (r.part) {
    case 'suite':
      return suiteMarkdown(r);
    case 'estimates':
      return estimatesMarkdown(r);
    case 'quality':
      return qualityMarkdown(r);
    case 'gpu':
      return gpuMarkdown(r);
    default:
      return flatMarkdown(r);
  }
}

export const renderRecord = (r: AnyRecord): string => [...head(r), ...body(r)].join('\n');

/** Writes `dir`/<part>.json and <part>.md, with the load average at the end read now. */
export function writeRecord(dir: string, r: AnyRecord): void {
  r.machine.loadavg.end = loadavg();
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${r.part}.json`), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(path.join(dir, `${r.part}.md`), renderRecord(r));
}
