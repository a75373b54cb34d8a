/* global process */
// A Jest reporter that writes the run's totals to test-output/jest-summary.json, so that
// .ci/run can print its closing "N passed, N failed" line whatever else Jest prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = join(process.cwd(), 'test-output');
    mkdirSync(dir, { recursive: true });
    const failedSuites = results.testResults.filter((r) => r.testExecError || r.failureMessage).length;
    writeFileSync(
      join(dir, 'jest-summary.json'),
      JSON.stringify({
        numPassedTests: results.numPassedTests,
        numFailedTests: results.numFailedTests,
        numTotalTests: results.numTotalTests,
        numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
        failedSuites,
        // The slowest suites, to see where CI's minutes go (perfStats are per test file).
        slowestSuites: results.testResults
          .map((r) => ({ file: relative(process.cwd(), r.testFilePath), seconds: seconds(r) }))
          .sort((a, b) => b.seconds - a.seconds)
          .slice(0, 25),
      }),
    );
  }
}

function seconds(result) {
  const { start, end } = result.perfStats ?? {};
  return start && end ? Math.round((end - start) / 100) / 10 : 0;
}
