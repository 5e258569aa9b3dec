/**
 * Keeps the stack's service processes running: a process that exits on its own is started again
 * after a backoff (1 s, doubling up to 30 s; back to 1 s once it has stayed up for a minute),
 * with one log line each time, while the others keep serving. The gateway asks `isUp` and answers
 * 503 with Retry-After for a service that is down. Timers go through an injectable scheduler, so
 * a test can run a due restart at once instead of sleeping.
 */
import { ChildProcess, spawn } from 'node:child_process';

export interface SupervisedProcess {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Scheduler {
  now(): number;
  setTimeout(run: () => void, ms: number): { cancel(): void };
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

export const RESTART_BACKOFF_MS = { first: 1_000, max: 30_000, stableAfter: 60_000 };
const STOP_GRACE_MS = 10_000;

interface Entry {
  spec: SupervisedProcess;
  child?: ChildProcess;
  startedAt: number;
  backoffMs: number;
  pending?: { cancel(): void };
  /** When the next start is due, while the process is down. */
  restartAt?: number;
}

export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  private stopping = false;

  constructor(
    private readonly log: (line: string) => void,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly stdio: 'inherit' | 'ignore' = 'inherit',
  ) {}

  start(spec: SupervisedProcess): void {
    const entry: Entry = { spec, startedAt: 0, backoffMs: RESTART_BACKOFF_MS.first };
    this.entries.set(spec.name, entry);
    this.launch(entry);
  }

  /** True while the process runs (it may still be starting up). */
  isUp(name: string): boolean {
    const child = this.entries.get(name)?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Seconds until a down process is started again (for Retry-After), at least 1. */
  secondsUntilRestart(name: string): number {
    const restartAt = this.entries.get(name)?.restartAt;
    return Math.max(1, Math.ceil(((restartAt ?? this.scheduler.now()) - this.scheduler.now()) / 1000));
  }

  pid(name: string): number | undefined {
    return this.entries.get(name)?.child?.pid;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.entries.values()].map((entry) => {
        entry.pending?.cancel();
        return entry.child ? stopChild(entry.child) : undefined;
      }),
    );
  }

  private launch(entry: Entry): void {
    entry.restartAt = undefined;
    entry.pending = undefined;
    entry.startedAt = this.scheduler.now();
    const child = spawn(entry.spec.command, entry.spec.args, {
      cwd: entry.spec.cwd,
      env: entry.spec.env,
      stdio: ['ignore', this.stdio, this.stdio],
    });
    entry.child = child;
    child.once('exit', (code, signal) => this.exited(entry, child, signal ?? `code ${code}`));
  }

  private exited(entry: Entry, child: ChildProcess, how: string): void {
    if (this.stopping || entry.child !== child) return;
    const upFor = this.scheduler.now() - entry.startedAt;
    if (upFor >= RESTART_BACKOFF_MS.stableAfter) entry.backoffMs = RESTART_BACKOFF_MS.first;
    const delay = entry.backoffMs;
    entry.backoffMs = Math.min(entry.backoffMs * 2, RESTART_BACKOFF_MS.max);
    entry.restartAt = this.scheduler.now() + delay;
    this.log(
      `${entry.spec.name} exited (${how}) after ${Math.round(upFor / 1000)} s: restarting it in ${delay / 1000} s; the others keep serving`,
    );
    entry.pending = this.scheduler.setTimeout(() => {
      if (!this.stopping) this.launch(entry);
    }, delay);
  }
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
