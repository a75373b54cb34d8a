/** Longest drug name a card summary quotes: summaries stay under the spec's 140 characters. */
const MAX_SUMMARY_NAME = 40;

/**
 * A drug name short enough for a summary: the product name before its form and strength details
 * ("VICTOZA 6 mg/ml, solution injectable…" → "VICTOZA 6 mg/ml"), cut at a word if still long.
 * The detail keeps the whole name.
 */
export function summaryDrugName(label: string): string {
  // A comma between digits is a French decimal ("OZEMPIC 0,25 mg"), not the end of the name.
  const head = label.split(/,(?!\d)| \(/)[0]!.trim() || label.trim();
  if (head.length <= MAX_SUMMARY_NAME) return head;
  const cut = head.slice(0, MAX_SUMMARY_NAME);
  const space = cut.lastIndexOf(' ');
  return `${(space > 10 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
