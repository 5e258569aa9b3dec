/**
 * `npm run bench [-- options]`: seeds a dedicated database, starts the stack as `npm start` does
 * and the floor beside it, and measures every workload on both in one sitting, alternating, with
 * wrk. Writes bench/results/<date>-scale-<scale>.{md,json}. See the README's "Performance" section.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SERVICES } from '@diallink/registry';
import { runRound, Round, Watched, WRK_INSTALL, wrkVersion, writePlan } from './load';
import { peakRssMb, resetPeakRss } from './proc';
import { REPO_ROOT, Running, RunningStack, startFloorProcess, startStack } from './processes';
import { summarizeProfile } from './profile-summary';
import { Report, renderMarkdown, summarize, WorkloadResult } from './report';
import { RequestCounter } from './request-counter';
import { Fixtures, fixturesOf, seed, seedSize } from './seed';
import { accessToken } from './token';
import { Workload, workloads } from './workloads';

interface Options {
  scale: number;
  rounds: number;
  seconds: number;
  warmup: number;
  connections: number;
  port: number;
  only?: string[];
  reuseData: boolean;
  build: boolean;
  soakMinutes: number;
  profile: boolean;
  /** DB_POOL_MAX of every service and of the floor (a sweep runs the bench once per size). */
  pool?: number;
  out?: string;
}

const USAGE = `npm run bench -- [--scale 1] [--rounds 2] [--seconds 5] [--warmup 2] [--connections 16]
  [--only W2,W3a] [--reuse-data] [--no-build] [--soak MINUTES] [--profile] [--pool 10] [--port 8080] [--out FILE-STEM]`;

function parseOptions(argv: string[]): Options {
  const options: Options = {
    scale: 1,
    rounds: 2,
    seconds: 0,
    warmup: 0,
    connections: 16,
    port: 8080,
    reuseData: false,
    build: true,
    soakMinutes: 0,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    const number = () => {
      const parsed = Number(value());
      if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
      return parsed;
    };
    switch (flag) {
      case '--scale':
        options.scale = number();
        break;
      case '--rounds':
        options.rounds = Math.round(number());
        break;
      case '--seconds':
        options.seconds = number();
        break;
      case '--warmup':
        options.warmup = number();
        break;
      case '--connections':
        options.connections = Math.round(number());
        break;
      case '--port':
        options.port = Math.round(number());
        break;
      case '--only':
        options.only = value().split(',');
        break;
      case '--pool':
        options.pool = Math.round(number());
        break;
      case '--reuse-data':
        options.reuseData = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--soak':
        options.soakMinutes = number();
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  // Quick runs (--scale below 1) take shorter rounds; every round is at most 10 s.
  options.seconds ||= options.scale < 1 ? 2 : 5;
  options.warmup ||= options.scale < 1 ? 1 : 2;
  if (options.seconds > 10) throw new Error('--seconds: rounds are 10 s at most (use --soak for long runs)');
  return options;
}

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** Above this, a request alone counts as slow (see the loop over workloads). */
const SLOW_MS = 200;

/**
 * Median time of up to three requests sent one after the other (fewer when they are slow), after
 * one that warms the route up and is not counted — unless it alone took over 2 s.
 */
async function alone(origin: string, url: string, headers: Record<string, string>): Promise<number> {
  const timed = async (attempt = 1): Promise<number> => {
    const before = performance.now();
    try {
      const response = await fetch(`${origin}${url}`, { headers });
      await response.arrayBuffer();
    } catch (error) {
      // A kept-alive connection closed while the servers sat idle (the seeding): once more on a new one.
      if (attempt >= 3) throw error;
      log(`${origin}${url}: ${String((error as Error).cause ?? error)}; trying again`);
      return timed(attempt + 1);
    }
    return performance.now() - before;
  };
  const first = await timed();
  const times = first > 2_000 ? [first] : [];
  const started = Date.now();
  while (times.length < 3 && Date.now() - started < 15_000) times.push(await timed());
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const DATA_DIR = path.join(REPO_ROOT, 'bench/.data');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

interface BenchSecrets {
  API_KEY_PEPPER: string;
  JWT_PUBLIC_KEY: string;
  JWT_PRIVATE_KEY: string;
  SERVICE_TOKEN_SECRET: string;
  passwords: Record<string, string>;
}

/** The stack's secrets for the bench, kept in bench/.data so that a reused database's key hashes still match. */
function benchSecrets(): BenchSecrets {
  const file = path.join(DATA_DIR, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as BenchSecrets;
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const secrets: BenchSecrets = {
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    JWT_PUBLIC_KEY: publicKey,
    JWT_PRIVATE_KEY: privateKey,
    SERVICE_TOKEN_SECRET: randomBytes(32).toString('hex'),
    passwords: Object.fromEntries(SERVICES.map((s) => [s.schema, randomBytes(18).toString('base64url')])),
  };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function withDatabase(url: string, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

function roleUrl(adminUrl: string, schema: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = `diallink_${schema}`;
  url.password = password;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function sh(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return (result.stdout ?? '').trim();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // The stack's services and the floor both read it from the environment they inherit.
  if (options.pool) process.env.DB_POOL_MAX = String(options.pool);
  const wrk = wrkVersion();
  if (!wrk) throw new Error(`wrk is not installed. Install it with:\n  ${WRK_INSTALL}`);
  if (await portInUse(options.port)) throw new Error(`port ${options.port} is in use: stop that server or pass --port`);

  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/diallink_bench';
  const database = new URL(adminUrl).pathname.slice(1);
  const size = seedSize(options.scale);
  const secrets = benchSecrets();
  const started = new Date();

  // A fresh database unless --reuse-data finds one seeded at the same scale.
  const reuse =
    options.reuseData &&
    (await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) return false;
      return withClient(adminUrl, async (bench) => {
        const marker = await bench.query("SELECT to_regclass('public.bench_seed') AS t");
        if (!marker.rows[0].t) return false;
        const seeded = await bench.query<{ scale: number }>('SELECT scale FROM public.bench_seed');
        return seeded.rows[0]?.scale === options.scale;
      });
    }));
  if (!reuse) {
    log(`creating database ${database} on ${new URL(adminUrl).host}`);
    await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    });
  } else log(`reusing database ${database} (seeded at scale ${options.scale}; earlier runs' writes included)`);

  if (options.build) {
    log('building the services (as npm start does)');
    const build = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--output-style=static'],
      { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    if (build.status !== 0) throw new Error('the build failed');
  }

  const profileDir = path.join(DATA_DIR, 'profiles');
  const stackEnv: Record<string, string> = {
    API_KEY_PEPPER: secrets.API_KEY_PEPPER,
    JWT_PUBLIC_KEY: secrets.JWT_PUBLIC_KEY,
    JWT_PRIVATE_KEY: secrets.JWT_PRIVATE_KEY,
    SERVICE_TOKEN_SECRET: secrets.SERVICE_TOKEN_SECRET,
    DIALLINK_ADMIN_PASSWORD: 'bench password',
    // The rate limit (600/min per key) would answer most requests 429: counting stays, the limit is out of reach.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    ...Object.fromEntries(
      Object.entries(secrets.passwords).map(([schema, password]) => [
        `DIALLINK_DB_PASSWORD_${schema.toUpperCase()}`,
        password,
      ]),
    ),
    ...(options.profile && {
      NODE_OPTIONS: `--require ${path.join(__dirname, 'cpu-profile-hook.cjs')}`,
      BENCH_PROFILE_DIR: profileDir,
    }),
  };
  const stamp = started.toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const logFile = path.join(DATA_DIR, `stack-${stamp}.log`);
  log(`starting the stack on :${options.port} (log: ${path.relative(REPO_ROOT, logFile)})`);
  const running: Running[] = [];
  let stack: RunningStack | undefined;
  try {
    stack = await startStack({
      adminUrl,
      port: options.port,
      dataDir: path.join(DATA_DIR, 'stack'),
      env: stackEnv,
      logFile,
    });
    running.push(stack);

    let fixtures: Fixtures;
    if (reuse) fixtures = fixturesOf(size);
    else {
      log(
        `seeding: ${size.bigContacts} contacts and calls in the big tenant, ${size.smallTenants} tenants of ${size.smallContacts}`,
      );
      const seedStart = Date.now();
      fixtures = await withClient(adminUrl, async (client) => {
        const made = await seed(client, size, secrets.API_KEY_PEPPER, log);
        await client.query('CREATE TABLE public.bench_seed (scale double precision NOT NULL)');
        await client.query('INSERT INTO public.bench_seed VALUES ($1)', [options.scale]);
        return made;
      });
      log(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
    }

    const phoneUrl = roleUrl(adminUrl, 'phone_system', secrets.passwords.phone_system);
    const hubUrl = roleUrl(adminUrl, 'account_hub', secrets.passwords.account_hub);
    const floor = await startFloorProcess(
      {
        PHONE_SYSTEM_DATABASE_URL: phoneUrl,
        ACCOUNT_HUB_DATABASE_URL: hubUrl,
        API_KEY_PEPPER: secrets.API_KEY_PEPPER,
        JWT_PUBLIC_KEY: secrets.JWT_PUBLIC_KEY,
      },
      path.join(DATA_DIR, `floor-${stamp}.log`),
    );
    running.push(floor);
    log(`floor at ${floor.origin}`);

    const { postmaster, pgVersion, pgSettings, counter } = await withClient(adminUrl, async (client) => {
      const dir = (await client.query<{ d: string }>('SELECT current_setting($1) AS d', ['data_directory'])).rows[0].d;
      const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`,
        [['shared_buffers', 'max_connections', 'work_mem', 'effective_cache_size', 'jit', 'synchronous_commit']],
      );
      return {
        postmaster: Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]),
        pgVersion: (await client.query<{ v: string }>('SELECT version() AS v')).rows[0].v,
        pgSettings: Object.fromEntries(settings.rows.map((r) => [r.name, `${r.setting}${r.unit ?? ''}`])),
        // After the contacts earlier runs created on reused data (their numbers are taken).
        counter: await RequestCounter.after(client),
      };
    });

    const token = accessToken(secrets.JWT_PRIVATE_KEY, fixtures.big.owner.id, fixtures.big.id);
    const headersFor = (workload: Workload): Record<string, string> => {
      const tenant = workload.tenant === 'big' ? fixtures.big : fixtures.small;
      if (workload.auth === 'key') return { 'X-API-KEY': tenant.owner.apiKey };
      if (workload.auth === 'bearer') return { Authorization: `Bearer ${token}` };
      return {};
    };
    // Stack and floor create contacts with numbers of their own area codes; `counter` never repeats an n.
    const stackPlans = workloads(fixtures, 808);
    const floorPlans = workloads(fixtures, 907);
    const selected = stackPlans.filter((w) => !options.only || options.only.includes(w.id));
    const pg: Watched = { name: 'postgres', pid: postmaster, tree: true };
    const planDir = path.join(DATA_DIR, 'plans');
    mkdirSync(planDir, { recursive: true });

    const results: WorkloadResult[] = [];
    const profiling = options.profile ? stack.services['phone-system'].pid : undefined;
    if (profiling) process.kill(profiling, 'SIGUSR2');
    for (const workload of selected) {
      const floorWorkload = floorPlans.find((w) => w.id === workload.id) as Workload;
      const service = stack.services[workload.service];
      const targets = [
        {
          name: 'stack',
          origin: stack.origin,
          plan: writePlan(path.join(planDir, `${workload.id}-stack.txt`), headersFor(workload), workload.requests),
          watched: [{ name: 'gateway', pid: stack.pid }, { name: 'service', pid: service.pid }, pg],
        },
        {
          name: 'direct',
          origin: service.origin,
          plan: writePlan(path.join(planDir, `${workload.id}-direct.txt`), headersFor(workload), workload.requests),
          watched: [{ name: 'service', pid: service.pid }, pg],
        },
        {
          name: 'floor',
          origin: floor.origin,
          plan: writePlan(path.join(planDir, `${workload.id}-floor.txt`), headersFor(workload), floorWorkload.requests),
          watched: [{ name: 'floor', pid: floor.pid }, pg],
        },
      ];
      for (const pid of [stack.pid, service.pid, floor.pid]) resetPeakRss(pid);
      const warnings: string[] = [];
      // Each target alone first: a few requests one after the other (GETs only).
      const aloneMs: Record<string, number> = {};
      const first = workload.requests[0];
      if (first.method === 'GET') {
        for (const target of targets)
          aloneMs[target.name] = await alone(target.origin, first.path, headersFor(workload));
      }
      // A request that takes long alone gets fewer connections and the longest rounds, so that rounds complete requests.
      const slow = (aloneMs.floor ?? 0) > SLOW_MS || (aloneMs.stack ?? 0) > SLOW_MS;
      const connections = slow ? Math.min(2, options.connections) : options.connections;
      const seconds = slow ? Math.min(10, options.seconds * 2) : options.seconds;
      if (slow) warnings.push(`slow alone: ${connections} connections and rounds of ${seconds} s`);
      for (const target of targets) {
        const warm = await counter.round((counterBase) =>
          runRound({ ...target, target: target.name, seconds: options.warmup, connections, counterBase }),
        );
        if (warm.wrk.errors.status > 0)
          warnings.push(`${target.name}: ${warm.wrk.errors.status} non-2xx answers in the warm-up`);
      }
      const rounds: Round[] = [];
      for (let r = 0; r < options.rounds; r++) {
        for (const target of r % 2 === 0 ? targets : [...targets].reverse()) {
          rounds.push(
            await counter.round((counterBase) =>
              runRound({ ...target, target: target.name, seconds, connections, counterBase }),
            ),
          );
        }
      }
      const peakRss = { gateway: peakRssMb(stack.pid), service: peakRssMb(service.pid), floor: peakRssMb(floor.pid) };
      const result = summarize(workload, rounds, peakRss, warnings, aloneMs, connections);
      results.push(result);
      const [s, d, f] = ['stack', 'direct', 'floor'].map((t) => result.targets[t]);
      log(
        `${workload.id.padEnd(10)} stack ${s.rps.toFixed(0).padStart(6)} req/s p50 ${s.p50Ms.toFixed(1)} ms | direct ${d.rps.toFixed(0).padStart(6)} | floor ${f.rps.toFixed(0).padStart(6)} req/s p50 ${f.p50Ms.toFixed(1)} ms | ${(s.rps / f.rps).toFixed(2)}× of floor`,
      );
    }

    const soak: Report['soak'] = [];
    if (options.soakMinutes > 0) {
      const mixed = stackPlans.find((w) => w.id === 'W6') as Workload;
      const plan = writePlan(path.join(planDir, 'soak.txt'), headersFor(mixed), mixed.requests);
      const until = Date.now() + options.soakMinutes * 60_000;
      log(`soak: W6 on the stack for ${options.soakMinutes} min`);
      const soaked = stack;
      while (Date.now() < until) {
        const round = await counter.round((counterBase) =>
          runRound({
            target: 'stack',
            origin: soaked.origin,
            plan,
            seconds: 10,
            connections: options.connections,
            counterBase,
            watched: [
              { name: 'gateway', pid: soaked.pid },
              { name: 'service', pid: soaked.services['phone-system'].pid },
              pg,
            ],
          }),
        );
        soak.push({
          minute: (options.soakMinutes * 60_000 - (until - Date.now())) / 60_000,
          rps: round.wrk.requests / (round.wrk.durationUs / 1e6),
          p99Ms: round.wrk.p99Us / 1000,
          rssMb: { gateway: peakRssMb(stack.pid), service: peakRssMb(stack.services['phone-system'].pid) },
        });
      }
    }

    let profile: Report['profile'];
    if (profiling) {
      process.kill(profiling, 'SIGUSR2');
      const file = path.join(profileDir, `phone-system-${profiling}.cpuprofile`);
      const deadline = Date.now() + 30_000;
      while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      profile = {
        file: path.relative(REPO_ROOT, file),
        workloads: selected.map((w) => w.id),
        ...summarizeProfile(file),
      };
    }

    const report: Report = {
      started: started.toISOString(),
      finished: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: {
        cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        kernel: `${os.type()} ${os.release()}`,
        loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
      },
      versions: {
        node: process.version,
        postgres: pgVersion,
        wrk,
        commit: sh('git', ['rev-parse', '--short', 'HEAD']),
        dirty: sh('git', ['status', '--porcelain', '--', 'apps', 'libs', 'prisma', 'tools']) !== '',
      },
      postgres: { url: `${new URL(adminUrl).host}/${database}`, settings: pgSettings },
      settings: {
        scale: options.scale,
        data: {
          bigTenantContacts: size.bigContacts,
          bigTenantCalls: size.bigContacts,
          smallTenants: size.smallTenants,
          smallTenantContacts: size.smallContacts,
          reused: reuse,
        },
        rounds: options.rounds,
        roundSeconds: options.seconds,
        warmupSeconds: options.warmup,
        connections: options.connections,
        dbPoolMax: 10,
        loadGenerator: `${wrk}, 1 thread, ${options.connections} connections, no pipelining`,
      },
      workloads: results,
      soak,
      profile,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const stem = options.out ?? path.join(RESULTS_DIR, `${started.toISOString().slice(0, 10)}-scale-${options.scale}`);
    writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${stem}.md`, renderMarkdown(report));
    log(
      `wrote ${path.relative(REPO_ROOT, stem)}.md and .json in ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min`,
    );
  } finally {
    for (const server of running.reverse()) await server.stop();
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
  process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(1);
});
