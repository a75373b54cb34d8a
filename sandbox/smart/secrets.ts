import { createHash, randomBytes } from 'node:crypto';

/** A fresh unguessable value (256 bits, base64url): launch ids, codes, access tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The key a secret is kept under, so that the maps never hold a usable code or token. */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
