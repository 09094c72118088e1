// npm run chaos -- --actions N --seed S   (or --seeds 1,2,3): the chaos e2e test (e2e/chaos.spec.ts) at any length.
// Builds the app, then runs the test once per seed; each writes e2e/artifacts/chaos-seed-<S>.json (its action log).
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const actions = value('actions', '200');
const seeds = value('seeds', value('seed', '1'));
if (!/^\d+$/.test(actions) || !/^\d+(,\d+)*$/.test(seeds)) {
  process.stderr.write('usage: npm run chaos -- --actions N --seed S   (or --seeds 1,2,3)\n');
  process.exit(2);
}
const run = (cmd, cmdArgs, env = {}) => spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
if (run('npx', ['vite', 'build']) !== 0) process.exit(1);
process.exit(run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', 'e2e/chaos.spec.ts', '--retries=0'], { CHAOS_ACTIONS: actions, CHAOS_SEEDS: seeds }));
