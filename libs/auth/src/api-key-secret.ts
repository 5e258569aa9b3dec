import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like the seed's: two random UUIDs joined by `+` (244 random bits). Only an
 * HMAC-SHA-256 of the key under a server secret (the pepper) is stored: a fast keyed hash fits a
 * high-entropy secret, and a leaked table is useless without the pepper.
 */
export function generateApiKey(): string {
  return `${randomUUID()}+${randomUUID()}`;
}

export function hashApiKey(key: string, pepper: string): string {
  return createHmac('sha256', pepper).update(key, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const KEY_SHAPE = 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX+XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX';

/** The key as every read shows it: its shape, with only the last four characters. */
export function maskApiKey(lastFour: string): string {
  return `${KEY_SHAPE.slice(0, KEY_SHAPE.length - lastFour.length)}${lastFour}`;
}

/** Cheap shape check before any lookup: a malformed header is refused without touching the database. */
export function looksLikeApiKey(value: string): boolean {
  return /^[0-9a-f-]{36}\+[0-9a-f-]{36}$/i.test(value);
}
