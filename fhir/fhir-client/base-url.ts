/** Why a URL cannot serve as a FHIR base URL. */
export class InvalidBaseUrlError extends Error {
  override readonly name = 'InvalidBaseUrlError';
}

/**
 * Parses a FHIR base URL into its canonical form: http(s) only, no credentials, no query
 * or fragment, lower-case host, default port dropped, dot segments resolved, no trailing
 * slash. Throws InvalidBaseUrlError otherwise.
 */
export function normaliseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidBaseUrlError('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidBaseUrlError(`the scheme ${url.protocol.replace(/:$/, '')} is not http or https`);
  }
  if (url.username !== '' || url.password !== '') throw new InvalidBaseUrlError('credentials in the URL are refused');
  if (url.search !== '' || url.hash !== '') throw new InvalidBaseUrlError('a base URL has no query or fragment');
  url.pathname = pathOf(url);
  return url;
}

/** The URL's path without trailing slashes ('' for the root). */
function pathOf(url: URL): string {
  return url.pathname.replace(/\/+$/, '');
}

/** The canonical string of a base URL, without a trailing slash. */
export function baseUrlString(url: URL): string {
  return `${url.origin}${pathOf(url)}`;
}

/** True when `url` is `base` itself or lies under it (same origin, path below the base path). */
export function isUnderBase(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const path = pathOf(url);
  const basePath = pathOf(base);
  return path === basePath || path.startsWith(`${basePath}/`);
}

/**
 * Resolves a link the server sent (such as a Bundle's `next`) against the base URL, and
 * returns it only when it points back into the same FHIR server. Anything else must not
 * be fetched: the server could otherwise make us call any host (SSRF) with the EHR's token.
 */
export function linkOnServer(link: string, base: URL): string | undefined {
  let url: URL;
  try {
    url = new URL(link, `${baseUrlString(base)}/`);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || !isUnderBase(url, base)) return undefined;
  return url.href;
}
