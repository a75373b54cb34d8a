/**
 * undici's and Node's codes for a connection closed under a request: not refused, not timed out.
 * A kept-alive socket the server closed as the request left (its idle timeout) fails this way with
 * no answer at all, and an idempotent request may then be sent again (RFC 9110 §9.2.2).
 */
const SOCKET_CLOSED = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);

/** The code (or message) of what made a fetch fail: `fetch failed` hides it in `cause`. */
export function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Whether a fetch failed because its connection was closed under it. */
export function closedUnder(err: unknown): boolean {
  return SOCKET_CLOSED.has(causeOf(err));
}

/** A GET sent once more when its connection was closed under it; any other failure is thrown. */
export async function getOnceMore(send: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await send(url, init);
  } catch (err) {
    if (!closedUnder(err)) throw err;
    return await send(url, init);
  }
}
