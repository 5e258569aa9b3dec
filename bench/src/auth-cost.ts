/**
 * `npm run bench:auth [-- --rounds 3] [--out FILE-STEM]`: the CPU time of authenticating one
 * request, by a guard micro-benchmark — the services' global guard (libs/auth ApiGuard, loaded
 * from the source: the credential chosen by header, the credential resolver and its caches, the
 * per-user rate-limit budget, the product and permission checks) on a route that needs
 * `phone-system:contacts:read` and does nothing else: with a cached API key, with a bearer token
 * already verified (its user cached), and with bearer tokens seen for the first time (each one
 * verified: ES256). No HTTP and no database work in the measured loops: the first call of each
 * credential fills the caches from the bench database's credential views, which `npm run bench`
 * seeds (run it once at any scale). Writes bench/results/<date>-auth.{md,json} (or FILE-STEM.*).
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Client } from 'pg';
import {
  ApiGuard,
  AuthOptions,
  CredentialResolver,
  PrincipalService,
  REQUIRED_PERMISSIONS,
  RateLimiter,
  createRateLimitStorage,
} from '@diallink/auth';
import { REPO_ROOT } from './processes';
import { fixturesOf, seedSize } from './seed';
import { accessToken } from './token';

interface Guard {
  canActivate(context: ExecutionContext): Promise<boolean>;
}

const TARGET_MICROSECONDS = 50;
const ITERATIONS = 5_000;
/** Fresh tokens per round: each is signed before the round, verified once in it. */
const FRESH_TOKENS = 500;

function parseOptions(argv: string[]): { rounds: number; out: string | undefined } {
  const options = { rounds: 3, out: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--rounds' && Number(value) >= 1) options.rounds = Math.round(Number(value));
    else if (argv[i] === '--out' && value) options.out = value;
    else throw new Error('usage: npm run bench:auth -- [--rounds 3] [--out FILE-STEM]');
    i++;
  }
  return options;
}

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
  /** Whether the 50 µs target applies (a cached credential), or the figure is for information. */
  target: boolean;
}

/** `calls` guard calls per round; `contextOf(i)` is the i-th call's request (made before the round). */
async function measure(
  guard: Guard,
  credential: string,
  rounds: number,
  calls: number,
  contextsOf: (count: number) => ExecutionContext[],
  target = true,
): Promise<Measured> {
  console.error(`[bench:auth] ${credential}`);
  for (const context of contextsOf(Math.ceil(calls / 4))) {
    // Warm-up: JIT, caches.
    if (!(await guard.canActivate(context))) throw new Error(`${credential}: refused`);
  }
  const figures: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const contexts = contextsOf(calls);
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await guard.canActivate(contexts[i]);
    const used = process.cpuUsage(before);
    figures.push((used.user + used.system) / calls);
  }
  const sorted = [...figures].sort((a, b) => a - b);
  return { credential, cpuMicroseconds: sorted[Math.floor(sorted.length / 2)], rounds: figures, target };
}

async function main(): Promise<void> {
  const { rounds, out } = parseOptions(process.argv.slice(2));
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
  const guard: Guard = new ApiGuard(new Reflector(), new CredentialResolver(principals), rateLimiter, options);
  try {
    const same = (headers: Record<string, string>) => {
      const context = contextFor(headers);
      return (count: number) => new Array<ExecutionContext>(count).fill(context);
    };
    const token = accessToken(secrets.JWT_PRIVATE_KEY, fixtures.big.owner.id, fixtures.big.id);
    const freshTokens = (count: number) =>
      Array.from({ length: count }, () =>
        contextFor({
          authorization: `Bearer ${accessToken(secrets.JWT_PRIVATE_KEY, fixtures.big.owner.id, fixtures.big.id)}`,
        }),
      );
    const results = [
      await measure(guard, 'API key (cached)', rounds, ITERATIONS, same({ 'x-api-key': fixtures.big.owner.apiKey })),
      await measure(
        guard,
        'bearer token (verified before, user cached)',
        rounds,
        ITERATIONS,
        same({ authorization: `Bearer ${token}` }),
      ),
      await measure(
        guard,
        'bearer token, first use (ES256 verification; user cached)',
        rounds,
        FRESH_TOKENS,
        freshTokens,
        false,
      ),
    ];
    const when = new Date().toISOString();
    const lines = [
      '# Authentication cost: guard micro-benchmark',
      '',
      `- **When:** ${when}`,
      `- **Command:** \`npm run bench:auth${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`; ${rounds} rounds of ${ITERATIONS} guard calls after ${ITERATIONS / 4} to warm up (first use: ${FRESH_TOKENS} fresh tokens a round)`,
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
            !r.target
              ? '(information: once per token, which lives 60 s)'
              : r.cpuMicroseconds <= TARGET_MICROSECONDS
                ? 'held'
                : `missed by ${(r.cpuMicroseconds - TARGET_MICROSECONDS).toFixed(1)} µs`
          } |`,
      ),
      '',
    ];
    const stem = out ? path.resolve(out) : path.join(REPO_ROOT, 'bench/results', `${when.slice(0, 10)}-auth`);
    writeFileSync(`${stem}.md`, lines.join('\n'));
    writeFileSync(
      `${stem}.json`,
      `${JSON.stringify({ when, iterations: ITERATIONS, freshTokens: FRESH_TOKENS, loadAverage: os.loadavg(), results }, null, 2)}\n`,
    );
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
