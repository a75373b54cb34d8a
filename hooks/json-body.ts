import express, { type Request, type RequestHandler } from 'express';
import { CdsError } from './errors.js';

/** The media type and charset of a Content-Type header, lower-cased. */
function mediaType(contentType: string): { mime: string; charset: string | undefined } {
  const [mime = '', ...params] = contentType.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const [name, value] = p.split('=', 2);
    if (name?.trim().toLowerCase() === 'charset' && value !== undefined) {
      charset = value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return { mime: mime.trim().toLowerCase(), charset };
}

/** True for application/json and application/<x>+json, with any parameters. */
function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** Whether the request carries a body at all (RFC 9112 section 6.3): a length or a transfer coding. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** Answers 415 unless the body is declared as JSON in UTF-8 (RFC 8259 section 8.1). */
function checkMediaType(req: Request): CdsError | undefined {
  const { mime, charset } = mediaType(req.headers['content-type'] ?? '');
  if (!isJsonMime(mime) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    return new CdsError('unsupported-media-type', {
      message: 'Send the body as application/json',
      field: 'Content-Type',
    });
  }
  return undefined;
}

/** JSON.parse of the body's bytes as UTF-8 (invalid bytes become U+FFFD, a BOM is dropped); an empty body is `{}`. */
function parseUtf8(bytes: Buffer): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.length === 0 ? {} : (JSON.parse(text) as unknown);
}

/**
 * Parses a JSON body of at most `limitBytes`: a body that is not declared as JSON gets 415; Express's
 * own reader (`express.raw`, that is body-parser) refuses one over the limit with 413 (before it is
 * read in full) and inflates a compressed body (gzip, deflate, br) within the same limit; malformed
 * JSON is 400. RFC 8259 section 8.1: JSON is UTF-8, so another charset is 415. The error handler
 * maps body-parser's errors to the service's codes (hooks/error-handler.ts).
 *
 * Why express.raw and one JSON.parse rather than express.json: body-parser's JSON reader decodes
 * the body chunk by chunk into a string made of pieces, which JSON.parse must first flatten. Under
 * load (`npm run bench -- --profile pump-evaluation --load`, 20.8 KB body) that cost
 * 190 µs per request against 112 µs for decoding the bytes once (docs/performance.md, "Issue 14,
 * point 8"). The reading itself, the limit and the content codings stay the library's.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const read = express.raw({ limit: limitBytes, type: () => true });
  return (req, res, next) => {
    const refused = checkMediaType(req);
    if (refused) {
      next(refused);
      return;
    }
    if (!hasBody(req)) {
      next();
      return;
    }
    read(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(err);
        return;
      }
      // body-parser leaves req.body undefined when it read nothing (no body, or not its type).
      const bytes: unknown = req.body;
      if (!Buffer.isBuffer(bytes)) {
        req.body = {};
        next();
        return;
      }
      try {
        req.body = parseUtf8(bytes);
      } catch {
        next(new CdsError('malformed-json', { message: 'The request body is not valid JSON' }));
        return;
      }
      next();
    });
  };
}
