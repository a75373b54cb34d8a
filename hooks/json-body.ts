import express, { type RequestHandler } from 'express';
import { CdsError } from './errors.js';

/** True for application/json and application/<x>+json, with any parameters. */
function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/**
 * Parses a JSON body of at most `limitBytes`: a body that is not JSON gets 415, one over
 * the limit 413 (before it is read in full), malformed JSON 400.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const checkType: RequestHandler = (req, _res, next) => {
    if (!isJsonType(req.headers['content-type'])) {
      next(
        new CdsError('unsupported-media-type', { message: 'Send the body as application/json', field: 'Content-Type' }),
      );
      return;
    }
    next();
  };
  return [checkType, express.json({ limit: limitBytes, strict: false, type: () => true })];
}
