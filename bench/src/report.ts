/** The bench's figures: per workload and target, from its rounds; and the report as Markdown. */
import type { Round } from './load';
import type { ProfileSummary } from './profile-summary';
import type { Workload } from './workloads';

export interface TargetFigures {
  rounds: number;
  requests: number;
  rps: number;
  /** Median over the rounds of each round's percentile. */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
  /** CPU milliseconds per request, by process (gateway, service, floor, postgres). */
  cpuMsPerRequest: Record<string, number>;
  machineBusy: number;
}

export interface WorkloadResult {
  id: string;
  title: string;
  service: string;
  targets: Record<string, TargetFigures>;
  peakRssMb: Record<string, number>;
  /** Median time of a request sent alone, by target (GET workloads). */
  aloneMs: Record<string, number>;
  connections: number;
  warnings: string[];
  rounds: Round[];
}

export interface Report {
  started: string;
  finished: string;
  command: string;
  machine: { cpus: string; memoryGb: number; kernel: string; loadAverageAtStart: number[] };
  versions: { node: string; postgres: string; wrk: string; commit: string; dirty: boolean };
  postgres: { url: string; settings: Record<string, string> };
  settings: Record<string, unknown>;
  workloads: WorkloadResult[];
  soak: { minute: number; rps: number; p99Ms: number; rssMb: Record<string, number> }[];
  profile?: ProfileSummary & { file: string; workloads: string[] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(
  workload: Workload,
  rounds: Round[],
  peakRssMb: Record<string, number>,
  warnings: string[],
  aloneMs: Record<string, number>,
  connections: number,
): WorkloadResult {
  const targets: Record<string, TargetFigures> = {};
  for (const name of [...new Set(rounds.map((r) => r.target))]) {
    const mine = rounds.filter((r) => r.target === name);
    const requests = mine.reduce((sum, r) => sum + r.wrk.requests, 0);
    const seconds = mine.reduce((sum, r) => sum + r.wrk.durationUs / 1e6, 0);
    const cpu: Record<string, number> = {};
    for (const round of mine)
      for (const [process, s] of Object.entries(round.cpu)) cpu[process] = (cpu[process] ?? 0) + s;
    targets[name] = {
      rounds: mine.length,
      requests,
      rps: seconds > 0 ? requests / seconds : 0,
      p50Ms: requests ? median(mine.filter((r) => r.wrk.requests > 0).map((r) => r.wrk.p50Us / 1000)) : NaN,
      p99Ms: requests ? median(mine.filter((r) => r.wrk.requests > 0).map((r) => r.wrk.p99Us / 1000)) : NaN,
      non2xx: mine.reduce((sum, r) => sum + r.wrk.errors.status, 0),
      socketErrors: mine.reduce(
        (sum, r) => sum + r.wrk.errors.connect + r.wrk.errors.read + r.wrk.errors.write + r.wrk.errors.timeout,
        0,
      ),
      cpuMsPerRequest: Object.fromEntries(
        Object.entries(cpu).map(([process, s]) => [process, requests ? (s * 1000) / requests : 0]),
      ),
      machineBusy: median(mine.map((r) => r.machineBusy)),
    };
  }
  for (const [name, figures] of Object.entries(targets)) {
    if (figures.requests < 10 * figures.rounds)
      warnings.push(`${name}: only ${figures.requests} requests completed in its rounds`);
  }
  return {
    id: workload.id,
    title: workload.title,
    service: workload.service,
    targets,
    peakRssMb,
    aloneMs,
    connections,
    warnings,
    rounds,
  };
}

const fixed = (value: number | undefined, digits = 1) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–';
const rps = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  const s = report.settings as {
    rounds: number;
    roundSeconds: number;
    warmupSeconds: number;
    loadGenerator: string;
    data: Record<string, unknown>;
  };
  lines.push(`# Bench: stack vs floor — scale ${String(report.settings.scale)}`, '');
  lines.push(`- **When:** ${report.started} – ${report.finished}`);
  lines.push(`- **Command:** \`${report.command}\``);
  lines.push(
    `- **Machine:** ${report.machine.cpus}, ${report.machine.memoryGb} GiB, ${report.machine.kernel}; load average at start ${report.machine.loadAverageAtStart.join(' / ')} (the cores are shared)`,
  );
  lines.push(
    `- **Versions:** Node ${report.versions.node}; ${report.versions.postgres.split(' on ')[0]}; ${report.versions.wrk}; commit ${report.versions.commit}${report.versions.dirty ? ' (with uncommitted changes)' : ''}`,
  );
  lines.push(
    `- **PostgreSQL:** ${report.postgres.url}; ${Object.entries(report.postgres.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  lines.push(
    `- **Data:** ${Object.entries(s.data)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')}`,
  );
  lines.push(
    `- **Load:** ${s.loadGenerator}; per workload a ${s.warmupSeconds} s warm-up per target, then ${s.rounds} rounds of ${s.roundSeconds} s per target, alternating stack (through the gateway :8080), direct (straight to the service) and floor, the order reversed every other round`,
  );
  lines.push('');
  lines.push(
    "req/s: all rounds' requests over their time; p50/p99: median over rounds (ms); alone: median of up to three requests sent one after the other, after an uncounted first (ms); conns: wrk's connections (2 for a workload whose request alone takes over 200 ms, with rounds twice as long, 10 s at most); share of floor: stack req/s ÷ floor req/s (direct in brackets); CPU: milliseconds of CPU per request, of the Node processes (gateway + service, or floor) and of PostgreSQL (all its backends); RSS: peak resident memory (MB) during the workload.",
    '',
  );
  lines.push(
    '| workload | request | stack req/s | p50 | p99 | direct req/s | floor req/s | p50 | p99 | share of floor | alone ms stack / direct / floor | CPU ms/req stack: gw + svc / pg | floor: node / pg | peak RSS gw / svc / floor | conns | non-2xx |',
  );
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const w of report.workloads) {
    const stack = w.targets.stack;
    const direct = w.targets.direct;
    const floor = w.targets.floor;
    const c = (t: TargetFigures | undefined, name: string) => t?.cpuMsPerRequest[name] ?? 0;
    lines.push(
      [
        w.id,
        w.title.replace(/\|/g, '\\|'),
        rps(stack.rps),
        fixed(stack.p50Ms),
        fixed(stack.p99Ms),
        rps(direct.rps),
        rps(floor.rps),
        fixed(floor.p50Ms),
        fixed(floor.p99Ms),
        `${fixed(stack.rps / floor.rps, 2)}× (${fixed(direct.rps / floor.rps, 2)}×)`,
        w.aloneMs.stack === undefined
          ? '–'
          : `${fixed(w.aloneMs.stack)} / ${fixed(w.aloneMs.direct)} / ${fixed(w.aloneMs.floor)}`,
        `${fixed(c(stack, 'gateway'), 2)} + ${fixed(c(stack, 'service'), 2)} / ${fixed(c(stack, 'postgres'), 2)}`,
        `${fixed(c(floor, 'floor'), 2)} / ${fixed(c(floor, 'postgres'), 2)}`,
        `${fixed(w.peakRssMb.gateway, 0)} / ${fixed(w.peakRssMb.service, 0)} / ${fixed(w.peakRssMb.floor, 0)}`,
        String(w.connections),
        `${stack.non2xx + direct.non2xx + floor.non2xx}`,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    );
  }
  const warnings = report.workloads.flatMap((w) => w.warnings.map((warning) => `${w.id}: ${warning}`));
  if (warnings.length > 0) lines.push('', '**Warnings:**', '', ...warnings.map((w) => `- ${w}`));
  if (report.soak.length > 0) {
    lines.push(
      '',
      '## Soak (W6 on the stack, rounds of 10 s)',
      '',
      '| minute | req/s | p99 ms | RSS gateway / service MB |',
      '|--:|--:|--:|--:|',
    );
    for (const round of report.soak)
      lines.push(
        `| ${fixed(round.minute)} | ${rps(round.rps)} | ${fixed(round.p99Ms)} | ${fixed(round.rssMb.gateway, 0)} / ${fixed(round.rssMb.service, 0)} |`,
      );
  }
  if (report.profile) {
    const p = report.profile;
    lines.push('', `## CPU profile of the phone-system process during ${p.workloads.join(', ')}`, '');
    lines.push(`${fixed(p.totalMs / 1000)} s of samples (${p.file}). Self time by package or part of our code:`, '');
    lines.push('| package | self ms | share |', '|---|--:|--:|');
    for (const pkg of p.packages) lines.push(`| ${pkg.name} | ${fixed(pkg.selfMs, 0)} | ${fixed(pkg.share * 100)}% |`);
    lines.push('', 'Top functions by self time:', '', '| function | where | self ms | share |', '|---|---|--:|--:|');
    for (const f of p.functions)
      lines.push(`| ${f.name} | ${f.where} | ${fixed(f.selfMs, 0)} | ${fixed(f.share * 100)}% |`);
  }
  return `${lines.join('\n')}\n`;
}
