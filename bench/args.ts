/** Options shared by the bench, fuzz and soak commands, read from argv. */
export interface CliArgs {
  readonly flags: ReadonlySet<string>;
  /** The value after `--name`, if any. */
  value(name: string): string | undefined;
  /** The number after `--name`, or `fallback`; exits with a usage line when it is not a positive number. */
  number(name: string, fallback: number): number;
}

/** Parses `--flag` and `--name value` arguments (the part after `npm run x --`). */
export function parseArgs(argv: readonly string[], usage: string): CliArgs {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      console.error(`unexpected argument "${arg}"\nusage: ${usage}`);
      process.exit(2);
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) values.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) values.set(name, (i++, next));
    else flags.add(name);
  }
  return {
    flags,
    value: (name) => values.get(name),
    number(name, fallback) {
      const raw = values.get(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0) {
        console.error(`--${name} must be a positive number\nusage: ${usage}`);
        process.exit(2);
      }
      return n;
    },
  };
}
