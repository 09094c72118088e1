import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// PyTorch on the CPU, the bench's outside yardstick: Debian's python3-torch, installed here if missing,
// never an app dependency. Debian's package serves Debian's interpreter, so prefer /usr/bin/python3.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface TorchResult {
  threads: number;
  steps: number;
  seconds: number;
  images_per_sec: number;
  torch: string;
}

export type Torch = { available: true } | { available: false; reason: string };

const hasTorch = () => spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

function tail(text: string | null | undefined, chars = 300): string {
  return (text ?? '').trim().slice(-chars);
}

/** Import torch, or install python3-torch with apt-get (as root, or via passwordless sudo) and try again. */
export function ensureTorch(install: boolean): Torch {
  if (hasTorch()) return { available: true };
  if (!install) return { available: false, reason: 'not installed, and --quick does not install it' };
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    return spawnSync(cmd, rest, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 });
  };
  let r = apt('install', '-y', '--no-install-recommends', 'python3-torch');
  if (r.status !== 0) {
    apt('update');
    r = apt('install', '-y', '--no-install-recommends', 'python3-torch');
  }
  if (r.status !== 0 || !hasTorch()) {
    return {
      available: false,
      reason: `apt-get install python3-torch failed: ${tail(r.stderr) || tail(r.error?.message) || `exit ${r.status}`}`,
    };
  }
  return { available: true };
}

/** Trains the reference network (bench/reference.py) at `threads` threads; throws with its stderr on failure. */
export function torchImagesPerSec(threads: number, seconds: number): TorchResult {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'reference.py');
  const r = spawnSync(python, [script, '--threads', String(threads), '--seconds', String(seconds)], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  if (r.status !== 0) throw new Error(`reference.py failed: ${tail(r.stderr) || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchResult;
}
