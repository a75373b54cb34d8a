import { z } from 'zod';
import { BackendAuthError } from './backend-auth-error.js';
import { JWT_BEARER } from './client-assertion.js';
import { httpCall, jsonOf, type FetchLike } from './http-call.js';

/**
 * The access token response. `token_type` is compared without case (RFC 6749 §5.1: servers
 * send "bearer" or "Bearer"); an `expires_in` sent as a numeric string is accepted.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html#issue-access-token
 */
const TOKEN_RESPONSE = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be "bearer"'),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().positive()),
  scope: z.string().optional(),
});

/** An OAuth error response (RFC 6749 §5.2). */
const OAUTH_ERROR = z.object({ error: z.string(), error_description: z.string().optional() });

/** A granted token: what `token()` hands out and how long it lasts. */
export interface GrantedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** The scopes granted, which may differ from those asked for. */
  readonly scope: string | undefined;
}

export interface TokenRequest {
  readonly tokenUrl: string;
  readonly scope: string;
  readonly assertion: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

/** Server text for a message: one line, bounded, and with the assertion cut out should it be echoed. */
function quoted(text: string, assertion: string): string {
  return text.split(assertion).join('[assertion]').replace(/\s+/g, ' ').slice(0, 300);
}

function refusal(status: number, body: unknown, req: TokenRequest): BackendAuthError {
  const oauth = OAUTH_ERROR.safeParse(body);
  let what = '';
  if (oauth.success) {
    const { error, error_description: description } = oauth.data;
    what = ` ${quoted(error, req.assertion)}${description ? `: ${quoted(description, req.assertion)}` : ''}`;
  }
  const message = `token endpoint ${req.tokenUrl} refused the request: HTTP ${status}${what}`;
  return new BackendAuthError('token-endpoint', message, { status, oauthError: oauth.data?.error });
}

/**
 * `POST <token endpoint>` with `grant_type=client_credentials`, the scope and the signed
 * assertion, as a form. A refusal is `token-endpoint` (with the OAuth error, when the server
 * sends one); a 200 that is not a token response is `invalid-response`, naming the fields
 * that are wrong but never their values.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html#obtain-access-token
 */
export async function requestAccessToken(req: TokenRequest): Promise<GrantedToken> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: req.scope,
    client_assertion_type: JWT_BEARER,
    client_assertion: req.assertion,
  });
  const answer = await httpCall(
    req.fetch,
    req.tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      // The assertion goes to the URL it names as its audience, and nowhere else.
      redirect: 'error',
    },
    req.timeoutMs,
    'token endpoint',
  );
  const body = jsonOf(answer);
  if (answer.status !== 200) throw refusal(answer.status, body, req);
  if (body === undefined) {
    throw new BackendAuthError(
      'invalid-response',
      `token endpoint ${req.tokenUrl} answered HTTP 200 with a body that is not JSON`,
      {
        status: 200,
      },
    );
  }
  const parsed = TOKEN_RESPONSE.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
    throw new BackendAuthError(
      'invalid-response',
      `token endpoint ${req.tokenUrl} answered HTTP 200 without a valid ${fields}`,
      {
        status: 200,
      },
    );
  }
  return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in, scope: parsed.data.scope };
}
