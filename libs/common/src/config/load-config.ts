import { bool, cleanEnv, str, num, url, CleanedEnv, EnvMissingError, ValidatorSpec } from 'envalid';

/** Settings every service shares. */
export const baseConfigSpec = {
  DATABASE_URL: url({ desc: 'PostgreSQL connection string' }),
  HOST: str({ default: '0.0.0.0', desc: 'Interface to listen on' }),
  LOG_LEVEL: str({
    default: 'info',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    desc: 'pino log level',
  }),
  BODY_LIMIT_BYTES: num({ default: 1_048_576, desc: 'Largest JSON body accepted (bytes); larger is 413' }),
  DB_POOL_MAX: num({ default: 10, desc: 'Largest number of PostgreSQL connections per process' }),
  TRUST_PROXY: bool({ default: true, desc: 'Take the client address from X-Forwarded-For (set by the gateway)' }),
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
