import { createPrivateKey, randomUUID, sign } from 'node:crypto';

/** An access token as the Account Hub signs it (ES256, its issuer, audience and claims), valid for a day. */
export function accessToken(privateKeyPem: string, userId: string, tenantId: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'ES256', typ: 'JWT' })}.${encode({
    sub: userId,
    tid: tenantId,
    sid: randomUUID(),
    typ: 'access',
    iat: now,
    exp: now + 86_400,
    iss: 'diallink-account-hub',
    aud: 'diallink-api',
  })}`;
  const signature = sign('sha256', Buffer.from(unsigned), {
    key: createPrivateKey(privateKeyPem),
    dsaEncoding: 'ieee-p1363',
  });
  return `${unsigned}.${signature.toString('base64url')}`;
}
