/**
 * One measured round: wrk (a separate process, one thread, no pipelining) sends a workload's
 * requests to one target for a fixed time while the bench reads the CPU time of every server
 * process and of PostgreSQL before and after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpuSeconds, machineCpu, treeCpuSeconds } from './proc';
import type { PlannedRequest } from './workloads';

export const WRK_INSTALL = 'apt-get update && apt-get install -y wrk';

export function wrkVersion(): string | undefined {
  const result = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (result.error) return undefined;
  return /wrk \S+/.exec(`${result.stdout}${result.stderr}`)?.[0];
}

export interface WrkResult {
  requests: number;
  /** Requests wrk made (sent or about to be, `{n}` taken): the next round's counter starts after them. */
  generated: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  p50Us: number;
  p90Us: number;
  p99Us: number;
  meanUs: number;
  maxUs: number;
}

/** A process whose CPU the round measures; `tree` adds its children (PostgreSQL's backends). */
export interface Watched {
  name: string;
  pid: number;
  tree?: boolean;
}

export interface Round {
  target: string;
  wrk: WrkResult;
  /** CPU seconds each watched process used during the round. */
  cpu: Record<string, number>;
  /** Share of the whole machine's CPU that was busy (anything: the servers, wrk, other users). */
  machineBusy: number;
  seconds: number;
}

export function writePlan(file: string, headers: Record<string, string>, requests: PlannedRequest[]): string {
  const lines = [
    ...Object.entries(headers).map(([name, value]) => `H\t${name}\t${value}`),
    ...requests.map((r) => `${r.method}\t${r.path}\t${r.body ?? ''}`),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function cpuOf(watched: Watched[]): Record<string, number> {
  return Object.fromEntries(watched.map((w) => [w.name, w.tree ? treeCpuSeconds(w.pid) : cpuSeconds(w.pid)]));
}

export interface RoundOptions {
  target: string;
  origin: string;
  plan: string;
  seconds: number;
  connections: number;
  counterBase: number;
  watched: Watched[];
}

export async function runRound(options: RoundOptions): Promise<Round> {
  const script = path.join(__dirname, 'wrk-plan.lua');
  const before = cpuOf(options.watched);
  const machineBefore = machineCpu();
  const started = process.hrtime.bigint();
  const output = await new Promise<string>((resolve, reject) => {
    const wrk = spawn(
      'wrk',
      [
        '-t1',
        `-c${options.connections}`,
        `-d${options.seconds}s`,
        '--timeout',
        '60s',
        '-s',
        script,
        options.origin,
        '--',
        options.plan,
        String(options.counterBase),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    wrk.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    wrk.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    wrk.on('error', reject);
    wrk.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = cpuOf(options.watched);
  const machineAfter = machineCpu();
  const line = output.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  return {
    target: options.target,
    wrk: JSON.parse(line.slice('BENCH_JSON '.length)) as WrkResult,
    cpu: Object.fromEntries(options.watched.map((w) => [w.name, Math.max(0, after[w.name] - before[w.name])])),
    machineBusy: (machineAfter.busy - machineBefore.busy) / Math.max(1e-9, machineAfter.total - machineBefore.total),
    seconds,
  };
}
