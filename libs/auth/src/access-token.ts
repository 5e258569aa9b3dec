import { KeyObject, createPublicKey, verify as verifySignature } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** What the Account Hub signs into an access token (see account-hub's TokenService). */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  /** Login session: the refresh-token family the token came from. */
  sid: string;
  typ: 'access';
}

export const JWT_ISSUER = 'diallink-account-hub';
export const JWT_AUDIENCE = 'diallink-api';
export const JWT_ALGORITHM = 'ES256';
/** Clock skew tolerated when checking expiry. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 2;

export const TOKEN_EXPIRED = 'The access token has expired: refresh it at /v1/account-hub/auth/tokens.';
export const TOKEN_NOT_VALID = 'The access token is not valid.';

/** A token that passed every check: the claims the guard uses, and its time bounds (epoch seconds). */
export interface VerifiedAccessToken {
  userId: string;
  tenantId: string;
  exp: number;
  /** Absent when the token has none. */
  nbf: number | undefined;
}

/**
 * The 401's message for a token jsonwebtoken refused: an expired token says so, any other is "not
 * valid" — the library's own words (a signature's length in bytes, a JSON parse
 * error) describe its internals, not the request, and never reach the client.
 */
export function refusalMessage(error: unknown): string {
  return error instanceof Error && error.name === 'TokenExpiredError' ? TOKEN_EXPIRED : TOKEN_NOT_VALID;
}

/** jws's shape check of a compact token (three base64url parts, the signature possibly empty). */
const COMPACT = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;

const JSON_WEB_TOKEN_OPTIONS: jwt.VerifyOptions = {
  algorithms: [JWT_ALGORITHM],
  issuer: JWT_ISSUER,
  audience: JWT_AUDIENCE,
  clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
  ignoreExpiration: false,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Verifies access tokens as `passport-jwt` + `jsonwebtoken` did (ES256 only, issuer, audience,
 * `nbf` and `exp` with 2 s of tolerated skew, then our claims: `typ: access`, string `sub` and
 * `tid`, a numeric `exp`), with the same answer for every token, at a fraction of the cost:
 * - the public key is parsed once (jsonwebtoken parsed the PEM on every call: ~140 µs);
 * - a well-formed ES256 token is checked with `node:crypto` directly (`ieee-p1363` signatures);
 * - anything out of the ordinary (a header that is not an ES256 one, a payload that is not a JSON
 *   object, a signature of the wrong length, a key that is not P-256) goes to `jsonwebtoken.verify`
 *   with the same options, so it is refused or accepted as it always was (its error becomes the
 *   401's message through `refusalMessage`).
 */
export class AccessTokenVerifier {
  /** The public key, parsed, when it is one ES256 can use; otherwise every token goes to jsonwebtoken. */
  private readonly key: KeyObject | undefined;

  constructor(private readonly publicKeyPem: string) {
    try {
      const key = createPublicKey(publicKeyPem);
      if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') this.key = key;
    } catch {
      this.key = undefined;
    }
  }

  /** The token's claims, or the 401's message. `now` in epoch seconds. */
  verify(token: string, now = Math.floor(Date.now() / 1000)): VerifiedAccessToken | string {
    const parts = token.split('.');
    if (parts.length !== 3) return TOKEN_NOT_VALID; // jsonwebtoken: "jwt malformed"
    const [encodedHeader, encodedPayload, encodedSignature] = parts;
    if (!this.key || !COMPACT.test(token) || encodedSignature === '') return this.viaJsonWebToken(token, now);
    // Decoded as jws decodes them (base64 accepts the url alphabet; the header as latin1).
    const header = parseJson(Buffer.from(encodedHeader, 'base64').toString('binary'));
    if (!isPlainObject(header) || header.alg !== JWT_ALGORITHM) return this.viaJsonWebToken(token, now);
    const payload = parseJson(Buffer.from(encodedPayload, 'base64').toString('utf8'));
    if (!isPlainObject(payload)) return this.viaJsonWebToken(token, now);
    const signature = Buffer.from(encodedSignature, 'base64');
    if (signature.length !== 64) return this.viaJsonWebToken(token, now);
    const signed = verifySignature(
      'sha256',
      Buffer.from(`${encodedHeader}.${encodedPayload}`),
      { key: this.key, dsaEncoding: 'ieee-p1363' },
      signature,
    );
    if (!signed) return TOKEN_NOT_VALID; // "invalid signature"
    return checkClaims(payload, now);
  }

  /** The reference path: jsonwebtoken, with the parsed key when there is one. */
  private viaJsonWebToken(token: string, now: number): VerifiedAccessToken | string {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key ?? this.publicKeyPem, { ...JSON_WEB_TOKEN_OPTIONS, clockTimestamp: now });
    } catch (error) {
      return refusalMessage(error);
    }
    return isPlainObject(payload) ? ourClaims(payload) : TOKEN_NOT_VALID;
  }
}

/** jsonwebtoken's checks after the signature, in its order, then ours. */
function checkClaims(payload: Record<string, unknown>, now: number): VerifiedAccessToken | string {
  const { nbf, exp, aud, iss } = payload;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + JWT_CLOCK_TOLERANCE_SECONDS)) return TOKEN_NOT_VALID;
  if (exp !== undefined) {
    if (typeof exp !== 'number') return TOKEN_NOT_VALID;
    if (now >= exp + JWT_CLOCK_TOLERANCE_SECONDS) return TOKEN_EXPIRED;
  }
  if (!(Array.isArray(aud) ? aud : [aud]).some((audience) => audience === JWT_AUDIENCE)) return TOKEN_NOT_VALID;
  if (iss !== JWT_ISSUER) return TOKEN_NOT_VALID;
  return ourClaims(payload);
}

/** A token that never expires is refused: ours always carry exp. */
function ourClaims(payload: Record<string, unknown>): VerifiedAccessToken | string {
  const { typ, sub, tid, exp, nbf } = payload;
  if (typ !== 'access' || typeof sub !== 'string' || typeof tid !== 'string' || typeof exp !== 'number') {
    return TOKEN_NOT_VALID;
  }
  return { userId: sub, tenantId: tid, exp, nbf: typeof nbf === 'number' ? nbf : undefined };
}

/** Whether a token verified earlier still passes its time checks at `now` (epoch seconds). */
export function stillValid(token: VerifiedAccessToken, now: number): boolean {
  return (
    now < token.exp + JWT_CLOCK_TOLERANCE_SECONDS &&
    (token.nbf === undefined || token.nbf <= now + JWT_CLOCK_TOLERANCE_SECONDS)
  );
}
