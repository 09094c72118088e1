import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asStretch, readCpu, stretchStart, ticksPerSecond } from './harness';

// The bench's reading of who used the CPU during a stretch (Linux /proc), against real busy processes.

const busy = (seconds: number) => `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end);`;
/** A child that uses `seconds` of CPU however loaded the machine is (a wall-clock loop gets less CPU under load). */
const burn = (seconds: number) => `const end = ${seconds * 1e6}; while (process.cpuUsage().user < end);`;
const timing = { steps: 1, seconds: 1, imagesPerSec: 1 };

describe.runIf(process.platform === 'linux')('stretch CPU readings', () => {
  it("count a child's CPU (once reaped) as the bench's own", () => {
    const before = readCpu()!;
    spawnSync(process.execPath, ['-e', burn(1)]);
    const after = readCpu()!;
    expect((after.own - before.own) / ticksPerSecond).toBeGreaterThan(0.7);
  });

  it('count a process outside the bench as another, busy for most of a core', async () => {
    const start = stretchStart();
    // sh exits at once: the busy node is an orphan, no descendant of this process
    spawnSync('sh', ['-c', `"${process.execPath}" -e '${busy(1.5)}' >/dev/null 2>&1 &`]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(asStretch(timing, start).otherCores).toBeGreaterThan(0.5);
  });
});
