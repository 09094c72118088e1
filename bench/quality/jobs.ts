// `--jobs N`: the seeds of one `npm run quality` in N processes at once. Node runs tfjs-wasm on one thread, so on a
// machine with N cores N seeds train side by side; each child writes its own report and they are joined here.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QualityRecord } from './report';

/** The command line without `--seeds`, `--jobs` and `--out` (and their values). */
function baseArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (['--seeds', '--jobs', '--out'].includes(argv[i])) i++;
    else out.push(argv[i]);
  }
  return out;
}

function child(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`quality ${args.join(' ')} exited with ${code}`))));
  });
}

/** One report of every seed: the children's methods joined seed by seed (in seed order), their scratch baselines too. */
export function joinReports(reports: QualityRecord[]): QualityRecord {
  const [first] = reports;
  return {
    ...first,
    when: new Date().toISOString(),
    seeds: reports.flatMap((r) => r.seeds),
    rows: first.rows.map((m) => ({ ...m, seeds: reports.flatMap((r) => r.rows.find((x) => x.id === m.id)?.seeds ?? []) })),
    scratch: reports.flatMap((r) => r.scratch),
  };
}

/** Runs each seed in its own process, at most `jobs` at a time, and returns the joined report. */
export async function runSeedsInJobs(
  script: string,
  argv: string[],
  seeds: number[],
  jobs: number,
  outDir: string,
): Promise<QualityRecord> {
  const dirs = seeds.map((s) => join(outDir, '.tmp', `seed-${s}`));
  const queue = seeds.map((s, i) => () => {
    mkdirSync(dirs[i], { recursive: true });
    return child(script, [...baseArgs(argv), '--seeds', String(s), '--out', dirs[i]]);
  });
  await Promise.all(
    Array.from({ length: Math.min(jobs, seeds.length) }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
  return joinReports(dirs.map((d) => JSON.parse(readFileSync(join(d, 'quality.json'), 'utf8')) as QualityRecord));
}
