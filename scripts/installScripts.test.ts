import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` runs no dependency's install script unless package.json's allowScripts names it, and warns about each one
// it skipped. Every such script here is unneeded (a banner, a macOS quarantine fix, an optional binary swap, a
// protobufjs CLI folder), so each is denied by name: a new one shows up as this test failing, not as a warning.
describe('install scripts', () => {
  it('every dependency with an install script is named in allowScripts', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const allow = (JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const withScripts = Object.entries(lock.packages)
      .filter(([where, p]) => where !== '' && p.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    expect([...new Set(withScripts)].filter((name) => !(name in allow))).toEqual([]);
  });
});
