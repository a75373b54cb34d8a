import { resourceLabel } from './resource-label.js';

/** Collects one line per unreadable record: resource type, id and the problem, never values or names. */
export class DataQualityLog {
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();

  /** Records that the resource (of the expected type) had a problem. */
  add(resource: unknown, expectedType: string, problem: string): void {
    this.addLine(`${resourceLabel(resource, expectedType)}: ${problem}`);
  }

  /** Records a problem that belongs to no single resource. */
  addLine(line: string): void {
    if (this.seen.has(line)) return;
    this.seen.add(line);
    this.lines.push(line);
  }

  /** The lines recorded so far, in order. */
  list(): readonly string[] {
    return this.lines;
  }
}
