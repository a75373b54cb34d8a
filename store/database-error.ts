/** What is safe to log about a database error: its type, code and message (never parameters). */
export function errorSummary(err: unknown): { type: string; message: string; code?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { type: e.name, message: e.message.slice(0, 300), ...(typeof code === 'string' ? { code } : {}) };
}
