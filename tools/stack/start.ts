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
import { serviceNodeFlags } from './service-node-flags';
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
