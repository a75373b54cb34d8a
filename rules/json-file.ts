import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { RulesError, rulesErrorFromZod } from './rules-error.js';

/** A path as shown in error messages: relative to the project when inside it. */
export function displayPath(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

/** Reads one JSON file and validates it; any failure names the file and the field. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RulesError(displayPath(file), '', `cannot read JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw rulesErrorFromZod(displayPath(file), parsed.error);
  return parsed.data;
}

/** The `*.json` files of a folder, sorted by name; an absent folder has none. */
export function jsonFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(dir, n));
}
