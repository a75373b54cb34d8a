/** Polls `check` every `intervalMs` until it holds; throws once `timeoutMs` has passed without it. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000, intervalMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
