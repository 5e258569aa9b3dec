/**
 * `npm start`: the whole API on one origin. With no DATABASE_URL an embedded PostgreSQL keeps
 * its data in DIALLINK_DATA_DIR (default .diallink/); migrations are applied; the five services
 * run as separate processes from their builds (dist/apps, made by `npm start` before this
 * runs), each restarted with a backoff when it exits on its own (the others keep serving; the
 * gateway answers 503 for it meanwhile); the gateway answers on http://localhost:$PORT (8080).
 * Ctrl-C stops everything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, ServiceName, freePort, httpTimeoutsFrom, httpTimeoutsSpec, loadConfig } from '@diallink/common';
import { serviceDatabaseUrl, setUpDatabase } from '../db/provision';
import { Upstreams, createGateway } from './gateway';
import { REPO_ROOT, dataDir, openLocalDatabase } from './local-database';
import { Readiness, waitUntilReady } from './readiness';
import { loadOrCreateSecrets } from './secrets';
import { Supervisor } from './supervisor';

/**
 * How long the start waits without progress — no service's process beginning to listen, none
 * becoming ready — before it gives up (readiness.ts): on a loaded machine the whole start may
 * take longer, as long as it advances.
 */
const READY_TIMEOUT_MS = 60_000;
/** One health probe's longest wait (the route itself gives up on the database after 2 s). */
const PROBE_TIMEOUT_MS = 30_000;
/** The web console's build (apps/console), served at /console/. */
const CONSOLE_DIR = path.join(REPO_ROOT, 'dist/apps/console');

function log(message: string): void {
  process.stdout.write(`[diallink] ${message}\n`);
}

function entryPoint(service: ServiceName, file = 'main.js'): string {
  return path.join(REPO_ROOT, 'dist/apps', service, 'apps', service, 'src', file);
}

/**
 * Node's flags for each service's process, chosen by measurement (bench/results/README.md, "Memory
 * of a service process"): without them the Phone System peaked at 284–373 MB under W6, with them
 * at 183–196 MB (10-minute soak included) at the same CPU per request.
 * - `--no-wasm-dynamic-tiering --no-wasm-tier-up`: Prisma's query compiler (WebAssembly) stays on
 *   V8's baseline compiler (Liftoff). Tiering its hot functions up to TurboFan took ~50 MB of
 *   compiler memory that glibc keeps after it is freed (≈ 45–70 MB of RSS for good) and bought no
 *   measurable CPU (Prisma alone, 1,500 queries: 1.7–1.8 ms of CPU per query with it, 1.5–1.7
 *   without). A function Liftoff cannot compile still goes to TurboFan (unlike `--liftoff-only`).
 * - `--max-semi-space-size=SEMI_SPACE_MB`: the young generation is 2 × this (V8's default grows it
 *   to 2 × 16 MB, all of it touched under load).
 * - `--heap-growing-percent=HEAP_GROWING_PERCENT`: a full collection when the old generation has
 *   grown by this much since the last one, instead of V8's dynamic factor (up to 4×: 45 MB alive
 *   grew to 115 MB of old space before a collection).
 * Source maps are off unless DIALLINK_SOURCE_MAPS=1: with `--enable-source-maps` every process
 * reads and keeps the maps of the modules it loads (memory, and a slower start), and a stack trace
 * in a log line then names the TypeScript source; without, it names the built JavaScript in dist/
 * (tsc's output: the same names, readable). The Dockerfile's CMD carries the same flags.
 */
function serviceNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const SEMI_SPACE_MB = 8;
  const HEAP_GROWING_PERCENT = 30;
  return [
    '--no-wasm-dynamic-tiering',
    '--no-wasm-tier-up',
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
    `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ...(/^(1|true|yes|on)$/i.test(env.DIALLINK_SOURCE_MAPS ?? '') ? ['--enable-source-maps'] : []),
  ];
}

/**
 * Where each service listens for the gateway besides its TCP port (SOCKET_PATH), or undefined:
 * a Unix socket costs both processes less per request than a loopback TCP connection. The
 * sockets live in a directory of their own under the system's temporary directory (short paths:
 * a socket's path has a limit of about 100 bytes), readable by this user only, removed on stop;
 * a restarted service replaces its socket. `DIALLINK_GATEWAY_SOCKETS=0` keeps the gateway on TCP
 * (and Windows, which has no socket files, always is).
 */
function socketDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform === 'win32' || /^(0|false|no|off)$/i.test(env.DIALLINK_GATEWAY_SOCKETS ?? '')) return undefined;
  return mkdtempSync(path.join(os.tmpdir(), 'diallink-'));
}

/** The first tenant and its owner, when the database has none (see account-hub's seed-first-owner). */
function seedFirstOwner(databaseUrl: string): void {
  const result = spawnSync(process.execPath, [entryPoint('account-hub', 'seed-first-owner.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr.trim() || 'seeding the first owner failed');
  const seeded = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    created?: boolean;
    email?: string;
    generatedPassword?: string;
  };
  if (!seeded.created) return;
  log(`created the first tenant; its owner logs in as ${seeded.email}`);
  if (seeded.generatedPassword) {
    log(`  password: ${seeded.generatedPassword}   (shown once; set DIALLINK_ADMIN_PASSWORD to choose it)`);
  }
}

/**
 * Where a service is: ready when its health route answers 200 through the gateway, up when its
 * process accepts connections on its port (it listens, its database may not answer yet).
 */
async function readinessOf(origin: string, service: ServiceName, port: number): Promise<Readiness> {
  const response = await fetch(`${origin}/v1/${service}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  await response.arrayBuffer();
  if (response.ok) return 'ready';
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve('up');
    });
    socket.once('error', () => resolve('down'));
  });
}

/** Set once processes exist: stops whatever has been started, then exits. */
let shutdown: ((exitCode: number) => Promise<void>) | undefined;

async function main(): Promise<void> {
  const missing = SERVICE_NAMES.filter((service) => !existsSync(entryPoint(service)));
  if (missing.length > 0) throw new Error(`No build of ${missing.join(', ')}: run \`npm start\` (it builds first).`);

  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? 'localhost';
  const database = await openLocalDatabase();
  log(database.embedded ? `embedded PostgreSQL at ${new URL(database.adminUrl).host}` : 'using DATABASE_URL');
  const secrets = loadOrCreateSecrets(dataDir());
  const urlOf = (service: ServiceName) =>
    serviceDatabaseUrl(database.adminUrl, service, secrets.databasePasswords[service]);
  const applied = await setUpDatabase({
    adminUrl: database.adminUrl,
    passwordOf: (service) => secrets.databasePasswords[service],
    log,
  });
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  seedFirstOwner(urlOf('account-hub'));

  const nodeFlags = serviceNodeFlags();
  const supervisor = new Supervisor(log);
  const upstreams = {} as Upstreams;
  for (const service of SERVICE_NAMES) upstreams[service] = `http://127.0.0.1:${await freePort()}`;
  const sockets = socketDirectory();
  const socketPaths = sockets
    ? Object.fromEntries(SERVICE_NAMES.map((service) => [service, path.join(sockets, `${service}.sock`)]))
    : undefined;
  const gateway = await createGateway(upstreams, {
    timeouts: httpTimeoutsFrom(loadConfig(httpTimeoutsSpec)),
    isUp: (service) => supervisor.isUp(service),
    retryAfterSeconds: (service) => supervisor.secondsUntilRestart(service),
    consoleDir: existsSync(CONSOLE_DIR) ? CONSOLE_DIR : undefined,
    socketPaths,
  });
  let stopping = false;

  const stopAll = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await gateway.close();
    await supervisor.stopAll();
    await database.stop();
    if (sockets) rmSync(sockets, { recursive: true, force: true });
    log('stopped');
    process.exit(exitCode);
  };
  shutdown = stopAll;
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const service of SERVICE_NAMES) {
    supervisor.start({
      name: service,
      command: process.execPath,
      args: [...nodeFlags, entryPoint(service)],
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        // Each service connects as its own role, with rights on its own schema only.
        DATABASE_URL: urlOf(service),
        PORT: new URL(upstreams[service]).port,
        HOST: '127.0.0.1',
        SOCKET_PATH: socketPaths?.[service] ?? '',
        JWT_PUBLIC_KEY: secrets.JWT_PUBLIC_KEY,
        API_KEY_PEPPER: secrets.API_KEY_PEPPER,
        SERVICE_TOKEN_SECRET: secrets.SERVICE_TOKEN_SECRET,
        // Only the Account Hub signs tokens.
        ...(service === 'account-hub' && { JWT_PRIVATE_KEY: secrets.JWT_PRIVATE_KEY }),
      },
    });
  }

  await gateway.listen({ port, host });
  const origin = `http://localhost:${port}`;
  await waitUntilReady({
    services: SERVICE_NAMES,
    probe: (service) => readinessOf(origin, service, Number(new URL(upstreams[service]).port)),
    quietMs: READY_TIMEOUT_MS,
    log,
  });
  log(`DialLink API ready at ${origin} — ${SERVICE_NAMES.map((s) => `/v1/${s}`).join(', ')}`);
  log(`OpenAPI references: ${origin}/v1/<service>/docs`);
  if (existsSync(CONSOLE_DIR)) log(`console (API keys): ${origin}/console/`);
  log(
    `log in: curl -X POST ${origin}/v1/account-hub/auth/tokens -H 'Content-Type: application/json' -d '{"email":"…","password":"…"}'`,
  );
}

main().catch(async (error: unknown) => {
  console.error(`[diallink] ${error instanceof Error ? error.message : String(error)}`);
  if (shutdown) await shutdown(1);
  process.exit(1);
});
