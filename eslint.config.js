import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Modules of src/core without TensorFlow.js, whose values the page may import. */
const PAGE_SAFE_CORE = [
  'config',
  'methods/catalog',
  'eval/reasons',
  'data/imageSet',
  'train/runState',
  'errors',
  'backend/decide',
  'eval/stats',
  'data/fingerprint',
  'estimate',
  'budget',
  'text/textSet',
  'text/tokenizer',
  'text/textFingerprint',
  'text/textLimits',
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'e2e/artifacts', 'bench/.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // User strings (file, folder and class names, imported runs) reach the page only as text: no HTML sinks.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML: no dangerouslySetInnerHTML.' },
      ],
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'setHTMLUnsafe', 'createContextualFragment'].map((property) => ({
          property,
          message: 'Render text, never HTML (use textContent or JSX).',
        })),
        ...['write', 'writeln'].map((property) => ({ object: 'document', property, message: 'Render text, never HTML.' })),
      ],
    },
  },
  {
    // Small units are easy to read and change (issue #32): files under 300 lines, functions under 60, blank lines and comments aside.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The ML core runs in workers and in Node: no DOM, no React, no UI.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.worker, ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'recharts'], message: 'src/core must not import React.' },
            { group: ['**/ui/**', '**/worker/**', '**/ingest/**'], message: 'src/core must not depend on ui, worker or ingest.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'HTMLElement', 'HTMLCanvasElement', 'localStorage'],
    },
  },
  {
    // The TensorFlow.js kernels (kernels/README.md) run in workers and in Node, and stand on TensorFlow.js alone:
    // the SSL lab uses them, never the other way round (their bench, kernels/bench.ts, times a training step too).
    files: ['kernels/**/*.ts'],
    ignores: ['kernels/bench.ts'],
    languageOptions: { globals: { ...globals.worker, ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**', 'react', 'react-dom'], message: 'kernels/ depends on TensorFlow.js only.' }] },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'HTMLElement', 'HTMLCanvasElement', 'localStorage'],
    },
  },
  {
    // A method's description is plain data the page bundles (through methods/catalog): values only from methods/params.
    files: ['src/core/methods/*/info.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./params$)',
              allowTypeImports: true,
              message: "A method's info.ts is page data: import values only from ../params (types from anywhere).",
            },
          ],
        },
      ],
    },
  },
  {
    // The page never loads TensorFlow.js: only the training worker does. From src/core the page imports values only
    // from its plain-data modules (method catalog, config, run-state rules…); types come from anywhere.
    files: [
      'src/ui/**/*.{ts,tsx}',
      'src/storage/**/*.ts',
      'src/ingest/**/*.ts',
      'src/worker/protocol.ts',
      'src/worker/trainingClient.ts',
      'src/main.tsx',
    ],
    ignores: ['**/*.test.ts', 'src/ui/state/testApp.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@tensorflow/|/kernels/|/core/(?!(${PAGE_SAFE_CORE.join('|')})$)|/worker/(trainingApi|localClient|wasmAssets)$`,
              allowTypeImports: true,
              message:
                'This loads TensorFlow.js on the page (the registry, a method file, a model, the worker API or tfjs itself): import plain data from core/methods/catalog, core/config or core/train/runState, or import types only.',
            },
          ],
        },
      ],
    },
  },
);
