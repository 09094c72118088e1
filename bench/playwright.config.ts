import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import e2e, { chromiumArgs } from '../e2e/playwright.config';
import { benchPort } from './vite.config';

// Runs bench/suite.bench.ts against the bench build (bench/vite.config.ts: the app + the bench page).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  testIgnore: '.tmp/**', // scratch specs there are not part of the bench
  outputDir: '.tmp/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${benchPort}`,
    browserName: 'chromium',
    launchOptions: { ...e2e.use?.launchOptions, args: chromiumArgs },
    viewport: { width: 1400, height: 900 },
  },
  webServer: {
    command: `npx vite preview -c bench/vite.config.ts`,
    cwd: root,
    url: `http://localhost:${benchPort}/bench/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
