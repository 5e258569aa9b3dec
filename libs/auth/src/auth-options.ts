import { makeValidator, num, str } from 'envalid';
import { ServiceName, serviceInfo } from '@diallink/registry';
import type { ProductName } from './permissions';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  /** The service this guard protects (service tokens must be addressed to it). */
  service: ServiceName;
  /** The secret of service tokens (see service-token.ts). */
  serviceTokenSecret: string;
  /** The service's own connection; revocation notices and the credential views are read on it. */
  databaseUrl: string;
  /** Where the Account Hub's credential views are, when not in the service's own database. */
  credentialsUrl?: string;
  /** The product a service sells; calls from tenants without it are 403. None for the Account Hub. */
  product?: ProductName;
  jwtPublicKey: string;
  apiKeyPepper: string;
  /** How long a resolved principal is reused while the revocation channel is up. */
  principalCacheMs: number;
  rateLimit: RateLimitOptions;
}

export interface RateLimitOptions {
  /** Requests per window for each API key or user. */
  perPrincipal: number;
  /** Requests per window for each client address on public credential endpoints (login, sign-up). */
  perAddress: number;
  /** Failed authentications per window for each client address (unknown keys, bad tokens). */
  failuresPerAddress: number;
  windowMs: number;
  /** Shared counters across replicas; in-process when absent. */
  redisUrl?: string;
}

/** PEM keys arrive through environment variables, often with `\n` written out. */
export function pem(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

const longSecret = makeValidator<string>((value) => {
  if (value.length < 32) throw new Error('must be at least 32 characters long');
  return value;
});

/** The settings every service needs to authenticate callers. */
export const authConfigSpec = {
  CREDENTIALS_DATABASE_URL: str({
    default: '',
    desc: 'PostgreSQL with the Account Hub’s credential views (schema credentials); DATABASE_URL when empty',
  }),
  JWT_PUBLIC_KEY: str({ desc: 'PEM public key (ES256) that verifies access tokens' }),
  API_KEY_PEPPER: longSecret({ desc: 'Server secret of the API-key hash (at least 32 characters)' }),
  SERVICE_TOKEN_SECRET: longSecret({
    desc: 'Secret the services share to sign and check service tokens (at least 32 characters)',
  }),
  REDIS_URL: str({ default: '', desc: 'Redis for rate-limit counters shared by replicas; in memory when empty' }),
  RATE_LIMIT_PER_MINUTE: num({
    default: 600,
    desc: 'Requests per minute per user (all their API keys and tokens together)',
  }),
  AUTH_FAILURE_LIMIT_PER_MINUTE: num({
    default: 30,
    desc: 'Failed authentications (unknown keys, bad tokens) per minute per client address before it is refused',
  }),
  AUTH_RATE_LIMIT_PER_MINUTE: num({ default: 20, desc: 'Requests per minute per client address on login and sign-up' }),
  PRINCIPAL_CACHE_MS: num({
    default: 30_000,
    desc: 'How long a resolved credential is reused (revocations drop it at once)',
  }),
};

export interface AuthConfig {
  DATABASE_URL: string;
  CREDENTIALS_DATABASE_URL: string;
  JWT_PUBLIC_KEY: string;
  API_KEY_PEPPER: string;
  SERVICE_TOKEN_SECRET: string;
  REDIS_URL: string;
  RATE_LIMIT_PER_MINUTE: number;
  AUTH_RATE_LIMIT_PER_MINUTE: number;
  AUTH_FAILURE_LIMIT_PER_MINUTE: number;
  PRINCIPAL_CACHE_MS: number;
}

/** The options of `service`'s guard: its product (if it sells one) comes from the registry. */
export function authOptionsFrom(config: AuthConfig, service: ServiceName): AuthOptions {
  const product = serviceInfo(service).product?.id as ProductName | undefined;
  return {
    service,
    serviceTokenSecret: config.SERVICE_TOKEN_SECRET,
    databaseUrl: config.DATABASE_URL,
    credentialsUrl: config.CREDENTIALS_DATABASE_URL || undefined,
    product,
    jwtPublicKey: pem(config.JWT_PUBLIC_KEY),
    apiKeyPepper: config.API_KEY_PEPPER,
    principalCacheMs: config.PRINCIPAL_CACHE_MS,
    rateLimit: {
      perPrincipal: config.RATE_LIMIT_PER_MINUTE,
      perAddress: config.AUTH_RATE_LIMIT_PER_MINUTE,
      failuresPerAddress: config.AUTH_FAILURE_LIMIT_PER_MINUTE,
      windowMs: 60_000,
      redisUrl: config.REDIS_URL || undefined,
    },
  };
}
