// npm run chaos -- --actions N --seed S (or --seeds 1,2,3) [--tabs T] [--fail-writes P]: the chaos e2e test
// (e2e/chaos.spec.ts) at any length, in T tabs of one browser (default 2) with a share P of IndexedDB writes failing
// as on a full disk (default 0.02). Builds the app, then runs the test once per seed; each writes
// e2e/artifacts/chaos-seed-<S>.json (its action log).
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const actions = value('actions', '200');
const seeds = value('seeds', value('seed', '1'));
const tabs = value('tabs', '2');
const failWrites = value('fail-writes', '0.02');
if (
  !/^\d+$/.test(actions) ||
  !/^\d+(,\d+)*$/.test(seeds) ||
  !/^[1-4]$/.test(tabs) ||
  !(Number(failWrites) >= 0 && Number(failWrites) < 1)
) {
  process.stderr.write('usage: npm run chaos -- --actions N --seed S (or --seeds 1,2,3) [--tabs 1-4] [--fail-writes 0…1]\n');
  process.exit(2);
}
const run = (cmd, cmdArgs, env = {}) => spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
if (run('npx', ['vite', 'build']) !== 0) process.exit(1);
const env = { CHAOS_ACTIONS: actions, CHAOS_SEEDS: seeds, CHAOS_TABS: tabs, CHAOS_FAIL_WRITES: failWrites };
process.exit(run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', 'e2e/chaos.spec.ts', '--retries=0'], env));
