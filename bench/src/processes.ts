/**
 * The servers under test, as processes: the stack exactly as `npm start` runs it
 * (tools/stack/start.ts: provisioning, the five services from dist/apps, the gateway in the
 * start process) against the bench's database, and the floor (bench/floor/main.ts).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { childrenOf, commandLine, environment } from './proc';
import type { Service } from './workloads';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface Running {
  process: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

export interface RunningStack extends Running {
  origin: string;
  /** Each service's own process and origin (for the attribution: requests straight to it). */
  services: Record<Service, { pid: number; origin: string }>;
}

function stopper(child: ChildProcess, graceMs = 20_000): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start in ${timeoutMs / 1000} s:\n${seen.slice(-3000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) while starting:\n${seen.slice(-3000)}`));
    });
  });
}

export interface StackSettings {
  adminUrl: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  logFile: string;
}

export async function startStack(settings: StackSettings): Promise<RunningStack> {
  mkdirSync(path.dirname(settings.logFile), { recursive: true });
  const log = createWriteStream(settings.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/stack/start.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...settings.env,
      DATABASE_URL: settings.adminUrl,
      DIALLINK_DATA_DIR: settings.dataDir,
      PORT: String(settings.port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // The stack gives up by itself when its services stop making progress (tools/stack/readiness.ts).
  await waitForLine(child, /DialLink API ready at \S+/, 900_000, 'the stack');
  const services = {} as RunningStack['services'];
  for (const pid of childrenOf(child.pid ?? 0)) {
    const service = /dist\/apps\/([a-z-]+)\//.exec(commandLine(pid))?.[1];
    if (service === 'phone-system' || service === 'account-hub') {
      services[service] = { pid, origin: `http://127.0.0.1:${environment(pid).PORT}` };
    }
  }
  if (!services['phone-system'] || !services['account-hub']) throw new Error('could not find the services’ processes');
  return {
    process: child,
    pid: child.pid ?? 0,
    origin: `http://127.0.0.1:${settings.port}`,
    services,
    stop: stopper(child, 30_000),
  };
}

export async function startFloorProcess(
  env: Record<string, string>,
  logFile: string,
): Promise<Running & { origin: string }> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(log);
  const line = await waitForLine(child, /floor listening at \S+/, 30_000, 'the floor');
  child.stdout?.pipe(log);
  return { process: child, pid: child.pid ?? 0, origin: line.split(' ').pop() ?? '', stop: stopper(child) };
}
