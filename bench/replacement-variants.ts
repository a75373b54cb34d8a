/**
 * The hand-written replacements of library features that `npm run bench -- --replacements` can
 * turn off one at a time, with the library feature each one stands in for. Issue 14 measured
 * three; only the log censor gained enough to stay (docs/performance.md, "Hand-written
 * replacements"). Shared by the case
 * (bench/cases/replacements.ts) and the child it starts (bench/replacement-server.ts).
 */
export const REPLACEMENTS = [
  {
    name: 'logCensor',
    file: 'config/log-censor.ts',
    library: "pino's redact option",
  },
] as const;

export type ReplacementName = (typeof REPLACEMENTS)[number]['name'];

/** The environment variable naming the replacements a child runs without, comma-separated. */
export const REPLACEMENTS_OFF_VAR = 'REPLACEMENTS_OFF';

/** Reads REPLACEMENTS_OFF ("" or "logCensor", comma-separated); an unknown name throws. */
export function parseReplacementsOff(raw: string | undefined): ReadonlySet<ReplacementName> {
  const known = new Set<string>(REPLACEMENTS.map((r) => r.name));
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const name of names) {
    if (!known.has(name)) throw new Error(`${REPLACEMENTS_OFF_VAR}: unknown replacement "${name}"`);
  }
  return new Set(names as ReplacementName[]);
}
