/**
 * The whole stack as `npm start` runs it (tools/stack/start.ts: an embedded PostgreSQL of its own
 * in a temporary data directory, the five services as processes, the gateway), for what must be
 * tried against the real origin: the Quick Start, the console in a browser, the documents the
 * services serve. Nothing is imported from the stack: it is started as a person would.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, freePort } from '@diallink/common';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface StartedStack {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The first tenant's owner, made by the first start. */
  email: string;
  password: string;
  /** Everything the stack wrote so far. */
  output(): string;
  /** SIGTERM (the stack stops its services and database), resolved once it has exited. */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Build the services into dist/apps first, as `npm start` does, unless their builds are newer than their sources (default true). */
  build?: boolean;
  /** More environment for the stack and its services (e.g. ACCESS_TOKEN_TTL_SECONDS). */
  env?: Record<string, string>;
  /** How long the start may take (default 180 s: a busy 2-core machine builds and migrates slowly). */
  timeoutMs?: number;
}

/** The newest modification time of the files under `dir` (0 when there is none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Waits for a lock directory: two test projects starting stacks at once must not build over each other. */
async function withLock<T>(lock: string, work: () => T): Promise<T> {
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} was not released in 10 minutes: remove it if no build runs`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `node tools/build/build-app.js <service>` for every service whose build in dist/apps is older
 * than its sources or the libs: what `npm start`'s build step makes.
 */
export async function buildServices(): Promise<void> {
  await withLock(path.join(REPO_ROOT, 'tmp/stack-build.lock'), () => {
    const libs = newest(path.join(REPO_ROOT, 'libs'));
    for (const service of SERVICE_NAMES) {
      const marker = path.join(REPO_ROOT, 'dist/apps', service, '.built');
      const sources = Math.max(libs, newest(path.join(REPO_ROOT, 'apps', service)));
      if (existsSync(marker) && statSync(marker).mtimeMs > sources) continue;
      const build = spawnSync(process.execPath, ['tools/build/build-app.js', service], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`build of ${service} failed: ${build.stderr}`);
      writeFileSync(marker, '');
    }
  });
}

/**
 * Starts the stack; a start that fails (the stack gives its services 60 s to become healthy, which a
 * crowded machine can miss) is tried up to three times before the error is thrown.
 */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  if (options.build ?? true) await buildServices();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function startOnce(options: StackOptions): Promise<StartedStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-stack-'));
  // Run as root, the embedded PostgreSQL runs as the postgres user, who must enter the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const email = 'owner@stack.test';
  const password = 'stack owner password';
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The stack's own embedded database, never a test harness's server.
  for (const name of ['DATABASE_URL', 'EVENTS_DATABASE_URL', 'CREDENTIALS_DATABASE_URL']) delete env[name];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/stack/start.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      LOG_LEVEL: 'warn',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DIALLINK_DATA_DIR: dataDir,
      DIALLINK_ADMIN_EMAIL: email,
      DIALLINK_ADMIN_PASSWORD: password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the stack did not start in time:\n${output}`)),
      options.timeoutMs ?? 180_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('DialLink API ready at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (${code}) during start:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin: `http://127.0.0.1:${port}`, email, password, output: () => output, stop };
}
