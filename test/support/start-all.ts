/** Anything a test starts and must stop. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Promise.all for things a test file starts in parallel, such as a server and a browser. When
 * one fails, it waits for the others and closes them before rejecting. Otherwise a server that
 * is still opening its PGlite when Jest tears the file down crashes the whole run.
 */
export async function startAll<T extends readonly Closable[]>(starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failure) return results.map((r) => (r as PromiseFulfilledResult<Closable>).value) as unknown as T;
  await Promise.allSettled(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.close()] : [])));
  throw failure.reason;
}
