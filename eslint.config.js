// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/*
 * The direction of imports, as drawn in docs/architecture.md: each folder of the request path
 * may import only the folders listed for it (and itself). Development tools (sandbox/, bench/,
 * test/) may import anything on the request path; the request path never imports them. The
 * entry points in bin/ compose; only bin/server.ts (SANDBOX on) and bin/seed.ts reach sandbox/.
 */
const REQUEST_PATH = ['config', 'fhir', 'rules', 'facts', 'services', 'store', 'pipeline', 'hooks', 'screening'];
const MAY_IMPORT = {
  config: [],
  fhir: ['config'],
  rules: ['config'],
  facts: ['config', 'fhir', 'rules'],
  services: ['config', 'fhir', 'rules', 'facts'],
  store: ['config', 'rules'],
  pipeline: ['config', 'fhir', 'rules', 'facts', 'services', 'store'],
  hooks: ['config', 'fhir', 'rules', 'facts', 'services', 'store', 'pipeline', 'screening'],
  // Population screening: the same pipeline fed from a bulk export, run by bin/screen.ts.
  screening: ['config', 'fhir', 'rules', 'facts', 'services', 'store', 'pipeline'],
};
// Above the request path: the entry points, and the development tools.
const ABOVE = ['bin', 'sandbox', 'bench', 'test'];
const layerZones = REQUEST_PATH.flatMap((folder) =>
  [...REQUEST_PATH, ...ABOVE]
    .filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other))
    .map((other) => ({
      target: `./${folder}`,
      from: `./${other}`,
      message: `${folder}/ may import only ${MAY_IMPORT[folder].join(', ') || 'libraries'} (docs/architecture.md).`,
    })),
);
const toolZones = [
  { target: './sandbox', from: './bench', message: 'The sandbox does not depend on the benchmarks.' },
  { target: './sandbox', from: './test', message: 'The sandbox does not depend on the tests.' },
  { target: './sandbox', from: './bin', message: 'The sandbox is composed by bin/, not the other way round.' },
  { target: './bin', from: './test', message: 'Entry points do not depend on the tests.' },
  { target: './bin', from: './bench', message: 'Entry points do not depend on the benchmarks.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-output/', 'data/', 'sandbox/web/static/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'test/support/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts', 'test/**'],
    plugins: { 'import-x': importX },
    settings: {
      // Specifiers end in .js (NodeNext) and name .ts sources.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: [...layerZones, ...toolZones] },
      ],
    },
  },
  {
    files: ['bin/**/*.ts'],
    ignores: ['bin/server.ts', 'bin/seed.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            ...toolZones,
            { target: './bin', from: './sandbox', message: 'Only bin/server.ts and bin/seed.ts reach the sandbox.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['sandbox/web/static/**/*.js', 'apps/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      // The page's modules run in the browser, with no build step.
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'crypto',
          'atob',
          'performance',
          'URL',
          'URLSearchParams',
          'console',
          'navigator',
          'CSS',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  { files: ['*.js', 'test/support/*.js'], ...tseslint.configs.disableTypeChecked },
);
