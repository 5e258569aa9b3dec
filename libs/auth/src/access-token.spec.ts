import { KeyObject, createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { testSecrets } from '@diallink/testing';
import {
  AccessTokenVerifier,
  JWT_AUDIENCE,
  JWT_ISSUER,
  TOKEN_EXPIRED,
  TOKEN_NOT_VALID,
  VerifiedAccessToken,
  stillValid,
} from './access-token';

/**
 * The reference: how the guard answered before `AccessTokenVerifier` — passport-jwt handing the
 * PEM to `jsonwebtoken.verify`, the guard turning its error into a message, then BearerStrategy's
 * claim checks. Copied here as it was, so that the two can be compared token for token.
 */
function before(token: string, pem: string, now: number): { userId: string; tenantId: string } | string {
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, pem, {
      algorithms: ['ES256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      clockTolerance: 2,
      ignoreExpiration: false,
      clockTimestamp: now,
    }) as jwt.JwtPayload;
  } catch (info) {
    // The one change: jsonwebtoken's own messages (a signature's length, a JSON parse error) were
    // the 401's message before; every refusal but expiry is now "not valid".
    return info instanceof Error && info.name === 'TokenExpiredError'
      ? 'The access token has expired: refresh it at /v1/account-hub/auth/tokens.'
      : 'The access token is not valid.';
  }
  if (
    claims.typ !== 'access' ||
    typeof claims.sub !== 'string' ||
    typeof claims.tid !== 'string' ||
    typeof claims.exp !== 'number'
  ) {
    return 'The access token is not valid.';
  }
  return { userId: claims.sub, tenantId: claims.tid };
}

function after(verifier: AccessTokenVerifier, token: string, now: number) {
  const verified = verifier.verify(token, now);
  return typeof verified === 'string' ? verified : { userId: verified.userId, tenantId: verified.tenantId };
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact token with the given header and payload, signed ES256 (raw r‖s) by `key`. */
function es256(header: unknown, payload: unknown, key: KeyObject | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signer = typeof key === 'string' ? createPrivateKey(key) : key;
  const signature = sign('sha256', Buffer.from(input), { key: signer, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describe('AccessTokenVerifier', () => {
  const { JWT_PRIVATE_KEY: privateKey, JWT_PUBLIC_KEY: publicKey } = testSecrets();
  const verifier = new AccessTokenVerifier(publicKey);
  const now = Math.floor(Date.now() / 1000);
  const userId = randomUUID();
  const tenantId = randomUUID();
  const claims = {
    sub: userId,
    tid: tenantId,
    sid: randomUUID(),
    typ: 'access',
    iat: now,
    exp: now + 60,
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
  };
  const header = { alg: 'ES256', typ: 'JWT' };
  const valid = es256(header, claims, privateKey);
  const [validHeader, validPayload, validSignature] = valid.split('.');
  const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const tokens: Record<string, string> = {
    valid,
    'signed by jsonwebtoken': jwt.sign({ sub: userId, tid: tenantId, sid: 's', typ: 'access' }, privateKey, {
      algorithm: 'ES256',
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: 60,
    }),
    'expired (past the 2 s of skew)': es256(header, { ...claims, exp: now - 2 }, privateKey),
    'expired, within the skew': es256(header, { ...claims, exp: now - 1 }, privateKey),
    'expired, and for another audience': es256(header, { ...claims, exp: now - 100, aud: 'x' }, privateKey),
    'no expiry': es256(header, { ...claims, exp: undefined }, privateKey),
    'expiry as a string': es256(header, { ...claims, exp: String(now + 60) }, privateKey),
    'not before, later': es256(header, { ...claims, nbf: now + 3 }, privateKey),
    'not before, within the skew': es256(header, { ...claims, nbf: now + 2 }, privateKey),
    'not before as a string': es256(header, { ...claims, nbf: 'soon' }, privateKey),
    'another audience': es256(header, { ...claims, aud: 'someone-else' }, privateKey),
    'audiences, ours among them': es256(header, { ...claims, aud: ['x', JWT_AUDIENCE] }, privateKey),
    'no audience': es256(header, { ...claims, aud: undefined }, privateKey),
    'another issuer': es256(header, { ...claims, iss: 'someone-else' }, privateKey),
    'a refresh token': es256(header, { ...claims, typ: 'refresh' }, privateKey),
    'a numeric subject': es256(header, { ...claims, sub: 42 }, privateKey),
    'no tenant': es256(header, { ...claims, tid: undefined }, privateKey),
    'header without typ': es256({ alg: 'ES256' }, claims, privateKey),
    'header typ other than JWT': es256({ alg: 'ES256', typ: 'at+jwt' }, claims, privateKey),
    'payload not JSON, typ JWT': es256(header, 'not json', privateKey),
    'payload not JSON, no typ': es256({ alg: 'ES256' }, 'not json', privateKey),
    'payload a JSON string': es256(header, JSON.stringify('a string'), privateKey),
    'payload an array': es256(header, [claims], privateKey),
    'payload null': es256(header, 'null', privateKey),
    'header not JSON': `${b64('{nope')}.${validPayload}.${validSignature}`,
    'header a number': es256('1', claims, privateKey),
    'header null': es256('null', claims, privateKey),
    'header an array': es256([header], claims, privateKey),
    'alg none, no signature': `${b64({ alg: 'none', typ: 'JWT' })}.${validPayload}.`,
    'alg none, a signature': `${b64({ alg: 'none', typ: 'JWT' })}.${validPayload}.${validSignature}`,
    'ES256 header, no signature': `${validHeader}.${validPayload}.`,
    'HS256 signed with the public key': (() => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${validPayload}`;
      return `${input}.${createHmac('sha256', publicKey).update(input).digest('base64url')}`;
    })(),
    'ES384 header': es256({ alg: 'ES384', typ: 'JWT' }, claims, p384),
    'RS256 header': `${b64({ alg: 'RS256', typ: 'JWT' })}.${validPayload}.${sign('sha256', Buffer.from(`${b64({ alg: 'RS256', typ: 'JWT' })}.${validPayload}`), rsa.privateKey).toString('base64url')}`,
    'signed by another key': es256(header, claims, otherKey),
    'tampered payload': `${validHeader}.${b64({ ...claims, sub: randomUUID() })}.${validSignature}`,
    'tampered header': `${b64({ alg: 'ES256', typ: 'JWT', kid: 'x' })}.${validPayload}.${validSignature}`,
    'tampered signature': `${validHeader}.${validPayload}.${Buffer.alloc(64, 7).toString('base64url')}`,
    'a short signature': `${validHeader}.${validPayload}.${Buffer.from('not a signature').toString('base64url')}`,
    'a long signature': `${validHeader}.${validPayload}.${Buffer.alloc(72, 1).toString('base64url')}`,
    'a DER signature': `${validHeader}.${validPayload}.${sign('sha256', Buffer.from(`${validHeader}.${validPayload}`), privateKey).toString('base64url')}`,
    'two parts': `${validHeader}.${validPayload}`,
    'four parts': `${valid}.x`,
    'characters outside base64url': `${validHeader}.${validPayload}.${validSignature.slice(0, -2)}+/`,
    'padded signature': `${valid}==`,
    'empty payload part': `${validHeader}..${validSignature}`,
    garbage: 'x',
  };

  it.each(Object.keys(tokens))('answers as jsonwebtoken + passport-jwt did: %s', (name) => {
    expect(after(verifier, tokens[name], now)).toEqual(before(tokens[name], publicKey, now));
  });

  it('accepts the good tokens and refuses each of the bad ones with the message of before', () => {
    expect(after(verifier, valid, now)).toEqual({ userId, tenantId });
    expect(after(verifier, tokens['expired (past the 2 s of skew)'], now)).toBe(TOKEN_EXPIRED);
    for (const name of [
      'alg none, no signature',
      'HS256 signed with the public key',
      'tampered payload',
      'tampered signature',
      'another audience',
      'another issuer',
      'no expiry',
    ])
      expect([name, after(verifier, tokens[name], now)]).toEqual([name, TOKEN_NOT_VALID]);
    // Not the library's words ("ES256" signatures must be "64" bytes, saw "15").
    expect(after(verifier, tokens['a short signature'], now)).toBe(TOKEN_NOT_VALID);
    expect(after(verifier, tokens['header not JSON'], now)).toBe(TOKEN_NOT_VALID);
  });

  it('answers as before whatever the time: a token expires, and a future one becomes valid', () => {
    const later = es256(header, { ...claims, nbf: now + 30 }, privateKey);
    for (const at of [now - 40, now + 27, now + 28, now + 29, now + 58, now + 61, now + 62, now + 600]) {
      for (const token of [valid, later]) expect(after(verifier, token, at)).toEqual(before(token, publicKey, at));
    }
  });

  it('says when a verified token stops passing its time checks', () => {
    const verified = verifier.verify(
      es256(header, { ...claims, nbf: now + 1 }, privateKey),
      now,
    ) as VerifiedAccessToken;
    expect(stillValid(verified, now)).toBe(true);
    expect(stillValid(verified, now - 2)).toBe(false);
    expect(stillValid(verified, now + 61)).toBe(true);
    expect(stillValid(verified, now + 62)).toBe(false);
  });

  it('answers as before with a key that is not an ES256 one', () => {
    for (const pem of [
      rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      p384.export({ type: 'pkcs8', format: 'pem' }) as string,
      'not a key',
    ]) {
      const odd = new AccessTokenVerifier(pem);
      for (const name of ['valid', 'ES384 header', 'RS256 header', 'HS256 signed with the public key', 'two parts'])
        expect([name, after(odd, tokens[name], now)]).toEqual([name, before(tokens[name], pem, now)]);
    }
  });
});
