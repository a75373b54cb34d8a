/**
 * Jest 30 in ESM mode; TypeScript goes through esbuild, which only strips types (`npm run typecheck`
 * type-checks).
 *
 * Three projects, by file name: unit tests (`*.test.ts`, in-process, no server, database,
 * child process or browser), integration tests (`*.int.test.ts`) and browser tests
 * (`*.browser.test.ts`). `npm test` runs all three in one Jest run, unit first (see
 * test/support/kind-sequencer.js); `npm run test:unit` runs only the first. Two workers
 * (`npm run test:jest`): most integration suites wait on servers, child processes and timeouts,
 * so two at a time took the run from 893 s to 536 s on the 2-core project machine.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // esbuild, plus module constants for the built-ins a module reads: a global read in Jest's vm
  // context is many times slower than in Node (test/support/bound-globals-transformer.js).
  transform: {
    '^.+\\.ts$': '<rootDir>/test/support/bound-globals-transformer.js',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
const roots = [
  '<rootDir>/test/**/*',
  '<rootDir>/{hooks,pipeline,screening,services,fhir,facts,rules,store,config,sandbox,bench,bin}/**/*',
];

export default {
  testSequencer: '<rootDir>/test/support/kind-sequencer.js',
  // A deadline here only catches a hang; speed is the benchmarks' job. Integration and browser
  // suites start servers, child processes and Chromium, and on a loaded 2-core CI machine a cold
  // start has taken over 30 s, so one generous deadline replaces the per-test ones they carried.
  testTimeout: 180_000,
  // Workers are reused across suites, and a suite's servers and module graph are not always freed:
  // a worker whose heap passed this between two suites is replaced, so later suites do not pay its GC.
  workerIdleMemoryLimit: '1GB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: roots.map((r) => `${r}.test.ts`),
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.(int|browser)\\.test\\.ts$'],
    },
    { ...common, displayName: 'int', testMatch: roots.map((r) => `${r}.int.test.ts`) },
    { ...common, displayName: 'browser', testMatch: roots.map((r) => `${r}.browser.test.ts`) },
  ],
};
