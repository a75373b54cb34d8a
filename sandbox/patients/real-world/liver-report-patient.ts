import type { FixturePatient } from '../fixture.js';
import { fullMatch, imagingReport, pumpCardOf } from './trial-builders.js';

/** A full match whose latest liver ultrasound concludes as given; with `onlyReport`, no steatosis on the problem list. */
export function reportPatient(
  o: Pick<Parameters<typeof fullMatch>[0], 'id' | 'title' | 'rule' | 'style' | 'case' | 'nafld'> & {
    readonly given: string;
    readonly onlyReport?: boolean;
    readonly daysAgo: number;
    readonly conclusion: string;
  },
): FixturePatient {
  const { given, onlyReport, daysAgo, conclusion, ...spec } = o;
  return fullMatch({
    ...spec,
    record: {
      given,
      ...(onlyReport ? { without: ['steatosis'] as const } : {}),
      replace: { 'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo, conclusion })] },
    },
    pump: pumpCardOf(spec.id),
  });
}
