import { execFileSync, spawnSync } from 'node:child_process';

/** Pythons tried in order: $PRETEXT_PYTHON, python3 on the PATH, Debian's /usr/bin/python3 (where apt's python3-torch lives). */
const CANDIDATES = [process.env.PRETEXT_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));

let found: string | null = null;

/** A Python that imports torch (tests only); throws how to get one if there is none. */
export function torchPython(): string {
  found ??= CANDIDATES.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
  if (!found)
    throw new Error(
      `No Python with torch among ${CANDIDATES.join(', ')}: install Debian's python3-torch (apt-get install python3-torch) or set PRETEXT_PYTHON.`,
    );
  return found;
}

/** Run a Python script in `cwd` (tests only; one thread per process, no __pycache__ left in the tree); its stdout, or its stderr in the thrown error. */
export function runPython(args: string[], cwd: string, timeoutMs = 120_000): string {
  try {
    return execFileSync(torchPython(), args, {
      cwd,
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`python ${args.join(' ')} failed: ${err.stderr || err.message}`, { cause: e });
  }
}
