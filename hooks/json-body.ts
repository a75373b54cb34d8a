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

const tooLarge = () => new CdsError('payload-too-large', 'The request body is larger than the configured limit');
const notJson = () => new CdsError('malformed-json', { message: 'The request body is not valid JSON' });

/** JSON.parse of the body's bytes as UTF-8 (invalid bytes become U+FFFD); an empty body is `{}`. */
function parseUtf8(chunks: readonly Buffer[], length: number): unknown {
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.length === 0 ? {} : (JSON.parse(text) as unknown);
}

/**
 * Reads an uncompressed body into `req.body`: chunks are kept as bytes and decoded once,
 * and a Content-Length over the limit is refused before anything is read.
 */
function readIdentity(req: Request, limitBytes: number, next: (err?: unknown) => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) {
    req.resume();
    next(tooLarge());
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let settled = false;
  const finish = (err?: unknown) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', finish);
    req.off('close', onClose);
    next(err);
  };
  const onData = (chunk: Buffer) => {
    length += chunk.length;
    if (length > limitBytes) {
      // Stop keeping bytes; the rest is drained and the answer is 413.
      req.resume();
      finish(tooLarge());
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    try {
      req.body = parseUtf8(chunks, length);
    } catch {
      finish(notJson());
      return;
    }
    finish();
  };
  // The client went away before the body was complete: nobody is left to answer.
  const onClose = () => {
    if (!req.complete) finish(notJson());
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', finish);
  req.on('close', onClose);
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

/**
 * The same contract with Express's own JSON parser for every body: what the replacement
 * benchmark compares `jsonBody` with (docs/performance.md).
 */
export function expressJsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
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
    parse(req, res, next);
  };
}

/**
 * Parses a JSON body of at most `limitBytes`: a body that is not JSON gets 415, one over the
 * limit 413 (before it is read in full), malformed JSON 400. RFC 8259 section 8.1: JSON is
 * UTF-8, so another charset is 415. A compressed body (gzip, deflate, br) goes through
 * Express's own parser, which inflates it within the same limit.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const inflating = express.json({ limit: limitBytes, strict: false, type: () => true });
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
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity') readIdentity(req, limitBytes, next);
    else inflating(req, res, next);
  };
}
