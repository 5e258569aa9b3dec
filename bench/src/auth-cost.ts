/**
 * `npm run bench:auth`: the CPU time of authenticating one request, by a guard micro-benchmark —
 * the services' global guard (libs/auth ApiGuard: the strategy chosen by header, Passport, the
 * principal cache, the per-user rate-limit budget, the product and permission checks) on a route
 * that needs `phone-system:contacts:read` and does nothing else, with a cached API key and with a
 * bearer token whose user is cached. No HTTP and no database work in the measured loop: the
 * first call of each credential fills the cache from the bench database's credential views,
 * which `npm run bench` seeds (run it once at any scale). Writes bench/results/<date>-auth.{md,json}.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecutionContext } from '@nestjs/common';
import { Client } from 'pg';
import type { AuthOptions } from '@diallink/auth';
import { REPO_ROOT } from './processes';
import { fixturesOf, seedSize } from './seed';
import { accessToken } from './token';

/**
 * The guard as the services run it: the build of the Phone System (`npm run build`, or any
 * `npm run bench` run), one module tree, so that Passport sees the strategies it registered.
 */
const BUILT = path.join(REPO_ROOT, 'dist/apps/phone-system/libs/auth/src');
const { ApiGuard } = require(path.join(BUILT, 'api.guard.js'));
const { RateLimiter, createRateLimitStorage } = require(path.join(BUILT, 'rate-limiter.js'));
const { PrincipalService } = require(path.join(BUILT, 'principal.service.js'));
const { ApiKeyStrategy, BearerStrategy } = require(path.join(BUILT, 'strategies.js'));
const { REQUIRED_PERMISSIONS } = require(path.join(BUILT, 'decorators.js'));
const { Reflector } = require(require.resolve('@nestjs/core', { paths: [BUILT] }));

interface Guard {
  canActivate(context: ExecutionContext): Promise<boolean>;
}

const TARGET_MICROSECONDS = 50;
const ITERATIONS = 5_000;
const ROUNDS = 3;

interface Secrets {
  API_KEY_PEPPER: string;
  JWT_PUBLIC_KEY: string;
  JWT_PRIVATE_KEY: string;
  SERVICE_TOKEN_SECRET: string;
}

/** A route's handler and controller, as Nest hands them to the guard, with the route's permission. */
class ContactsRoute {
  list(): void {
    // The route does no work: only the guard is measured.
  }
}
Reflect.defineMetadata(REQUIRED_PERMISSIONS, ['phone-system:contacts:read'], ContactsRoute.prototype.list);

function contextFor(headers: Record<string, string>): ExecutionContext {
  const request = { headers, ip: '127.0.0.1' };
  const reply = { header: () => reply };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => ContactsRoute.prototype.list,
    getClass: () => ContactsRoute,
  } as unknown as ExecutionContext;
}

interface Measured {
  credential: string;
  /** CPU (user + system) per request, median over the rounds, µs. */
  cpuMicroseconds: number;
  rounds: number[];
}

async function measure(guard: Guard, credential: string, headers: Record<string, string>): Promise<Measured> {
  const context = contextFor(headers);
  console.error(`[bench:auth] ${credential}`);
  if (!(await guard.canActivate(context))) throw new Error(`${credential}: refused`);
  for (let i = 0; i < ITERATIONS / 4; i++) await guard.canActivate(context); // warm-up: JIT, cache
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) await guard.canActivate(context);
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  return { credential, cpuMicroseconds: sorted[Math.floor(sorted.length / 2)], rounds };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/diallink_bench';
  const secrets = JSON.parse(readFileSync(path.join(REPO_ROOT, 'bench/.data/secrets.json'), 'utf8')) as Secrets;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const seeded = await client
    .query<{ scale: number }>('SELECT scale FROM public.bench_seed')
    .finally(() => client.end());
  const fixtures = fixturesOf(seedSize(seeded.rows[0].scale));
  const options: AuthOptions = {
    service: 'phone-system',
    serviceTokenSecret: secrets.SERVICE_TOKEN_SECRET,
    databaseUrl: adminUrl,
    product: 'PHONE_SYSTEM',
    jwtPublicKey: secrets.JWT_PUBLIC_KEY,
    apiKeyPepper: secrets.API_KEY_PEPPER,
    principalCacheMs: 30_000,
    // The budget out of reach, as in the bench's stack: the limiter's work is measured, never a 429.
    rateLimit: { perPrincipal: 1e12, perAddress: 1e12, failuresPerAddress: 1e12, windowMs: 60_000 },
  };
  console.error('[bench:auth] connecting to the credential views');
  const principals = new PrincipalService(options);
  await principals.onModuleInit();
  const rateLimiter = new RateLimiter(createRateLimitStorage(options), options);
  const guard: Guard = new ApiGuard(
    new Reflector(),
    new ApiKeyStrategy(principals),
    new BearerStrategy(principals, options),
    rateLimiter,
    options,
  );
  try {
    const token = accessToken(secrets.JWT_PRIVATE_KEY, fixtures.big.owner.id, fixtures.big.id);
    const results = [
      await measure(guard, 'API key (cached)', { 'x-api-key': fixtures.big.owner.apiKey }),
      await measure(guard, 'bearer token (user cached)', { authorization: `Bearer ${token}` }),
    ];
    const when = new Date().toISOString();
    const lines = [
      '# Authentication cost: guard micro-benchmark',
      '',
      `- **When:** ${when}`,
      `- **Command:** \`npm run bench:auth\`; ${ROUNDS} rounds of ${ITERATIONS} guard calls after ${ITERATIONS / 4} to warm up`,
      `- **Machine:** ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' / ')}; Node ${process.version}`,
      `- **Target:** ≤ ${TARGET_MICROSECONDS} µs of CPU per request`,
      '',
      '| credential | CPU µs/request (median) | rounds | target |',
      '|---|--:|---|---|',
      ...results.map(
        (r) =>
          `| ${r.credential} | ${r.cpuMicroseconds.toFixed(1)} | ${r.rounds.map((n) => n.toFixed(1)).join(', ')} | ${
            r.cpuMicroseconds <= TARGET_MICROSECONDS
              ? 'held'
              : `missed by ${(r.cpuMicroseconds - TARGET_MICROSECONDS).toFixed(1)} µs`
          } |`,
      ),
      '',
    ];
    const stem = path.join(REPO_ROOT, 'bench/results', `${when.slice(0, 10)}-auth`);
    writeFileSync(`${stem}.md`, lines.join('\n'));
    writeFileSync(`${stem}.json`, `${JSON.stringify({ when, iterations: ITERATIONS, results }, null, 2)}\n`);
    console.log(lines.join('\n'));
  } finally {
    await rateLimiter.onApplicationShutdown();
    await principals.onModuleDestroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
