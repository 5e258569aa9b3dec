import { httpTimeoutsSpec } from '../http/http-timeouts';
import { cleanEnv, makeValidator, str, num, url, CleanedEnv, EnvMissingError, ValidatorSpec } from 'envalid';

/**
 * Which proxy hops' X-Forwarded-For to believe: a count of hops from the service (the gateway is
 * one), or the proxies' addresses. Never "all": the left-most address is whatever the client wrote.
 */
export type TrustedProxies = number | string[];

export function parseTrustedProxies(raw: string): TrustedProxies {
  const value = raw.trim();
  if (value === 'false' || value === '') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') {
    throw new Error(
      'trusting every proxy believes addresses the client writes: give a hop count (1 behind the gateway) or the proxies’ addresses',
    );
  }
  const addresses = value.split(',').map((part) => part.trim());
  if (addresses.some((address) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(address))) {
    throw new Error('must be a hop count or a comma list of IP addresses or CIDRs');
  }
  return addresses;
}

const trustedProxies = makeValidator<TrustedProxies>((input) => parseTrustedProxies(String(input)));

/** Settings every service shares. */
export const baseConfigSpec = {
  DATABASE_URL: url({ desc: 'PostgreSQL connection string' }),
  HOST: str({ default: '0.0.0.0', desc: 'Interface to listen on' }),
  SOCKET_PATH: str({
    default: '',
    desc: 'A Unix socket to listen on besides PORT (npm start gives one; its gateway connects there); empty: none',
  }),
  LOG_LEVEL: str({
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    desc: 'pino log level',
  }),
  BODY_LIMIT_BYTES: num({ default: 1_048_576, desc: 'Largest JSON body accepted (bytes); larger is 413' }),
  ...httpTimeoutsSpec,
  DB_POOL_MAX: num({ default: 10, desc: 'Largest number of PostgreSQL connections per process' }),
  HEALTH_DATABASE_TIMEOUT_MS: num({
    default: 2_000,
    desc: 'How long GET /health waits for the database to answer before it reports 503',
  }),
  TRUST_PROXY: trustedProxies({
    default: 1,
    desc: 'Proxies in front of the service whose X-Forwarded-For is believed: a hop count (1: the gateway), a comma list of their addresses or CIDRs, or 0',
  }),
};

export class ConfigError extends Error {}

/**
 * Validates the environment against a spec. A missing or bad setting throws one `ConfigError`
 * whose message names every problem on one line; `main.ts` prints it and exits.
 */
export function loadConfig<S extends Record<string, ValidatorSpec<unknown>>>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
): CleanedEnv<S> {
  return cleanEnv(env, spec, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) =>
        error instanceof EnvMissingError ? `${name} is missing` : `${name}: ${(error as Error).message}`,
      );
      if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
    },
  });
}

export { port, str, num, url, bool } from 'envalid';
export type { CleanedEnv } from 'envalid';
