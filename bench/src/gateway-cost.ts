/**
 * `node --import tsx bench/src/gateway-cost.ts [--rounds 4] [--seconds 3] [--bytes 90,16000]
 * [--variants tcp,unix]`: the gateway's own CPU per request, alone. A stub service (node:http, a
 * fixed JSON answer of `bytes` bytes, listening on a TCP port and a Unix socket) sits behind the
 * gateway of tools/stack/gateway.ts; wrk (one thread, 16 connections) sends GETs through it, and
 * the CPU time of the gateway's and the stub's processes comes from /proc/<pid>/stat. Variants
 * run in alternating order, round after round, so that the machine's noise hits each alike; the
 * medians are printed, and each variant's CPU over the first variant's in the same round (neighbours
 * in time, so that the load's drift cancels out of the ratio).
 *
 * Variants: `tcp` (the gateway reaches the service on its loopback port), `unix` (on its socket).
 * `module=<path>` after a variant loads createGateway from another file inside the repository, to
 * compare a change of the gateway's code against the current one, e.g.
 * `git show main:tools/stack/gateway.ts > tools/stack/gateway-base.ts` and
 * `--variants tcp:module=$PWD/tools/stack/gateway-base.ts,tcp,unix`. The same variant twice is the
 * noise's measure: on this machine's shared cores two identical gateways differ by up to 30%.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@diallink/common';
import { cpuSeconds } from './proc';

const role = process.env.GATEWAY_COST_ROLE;

/** The stub service: answers every request with `bytes` of JSON, as a service would (same headers). */
function stub(bytes: number, socketPath: string): void {
  const body = Buffer.from(JSON.stringify({ data: 'x'.repeat(Math.max(0, bytes - 11)) }));
  const handler = (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
    request.resume();
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
      'x-request-id': String(request.headers['x-request-id'] ?? ''),
      'cache-control': 'no-store',
    });
    response.end(body);
  };
  const tcp = createServer({ keepAliveTimeout: 5_000 }, handler);
  const unix = createServer({ keepAliveTimeout: 5_000 }, handler);
  tcp.listen(0, '127.0.0.1', () => {
    unix.listen(socketPath, () => {
      const address = tcp.address() as import('node:net').AddressInfo;
      process.stdout.write(`STUB ${address.port}\n`);
    });
  });
}

async function gateway(variant: string, port: number, socketPath: string): Promise<void> {
  const [kind, ...settings] = variant.split(':');
  const module = settings.find((s) => s.startsWith('module='))?.slice('module='.length) ?? '../../tools/stack/gateway';
  const { createGateway } = (await import(module)) as typeof import('../../tools/stack/gateway');
  const upstreams = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `http://127.0.0.1:${port}`])) as Record<
    ServiceName,
    string
  >;
  const socketPaths = kind === 'unix' ? { 'phone-system': socketPath } : undefined;
  const app = await createGateway(upstreams, { socketPaths });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as import('node:net').AddressInfo;
  process.stdout.write(`GATEWAY ${address.port}\n`);
  // A clean exit writes the --cpu-prof profile.
  process.once('SIGTERM', () => process.exit(0));
}

function startChild(env: Record<string, string>, marker: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(env.GATEWAY_COST_ROLE === 'gateway' && process.env.GATEWAY_COST_PROF
        ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.GATEWAY_COST_PROF}`]
        : []),
      '--import',
      'tsx',
      __filename,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = new RegExp(`${marker} (\\d+)`).exec(seen);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${marker} exited (${code})`)));
  });
}

function wrk(url: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const run = spawn('wrk', ['-t1', '-c16', `-d${seconds}s`, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    run.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    run.once('exit', () => {
      const requests = /(\d+) requests in/.exec(text);
      if (!requests || /Non-2xx/.test(text)) reject(new Error(`wrk: ${text}`));
      else resolve(Number(requests[1]));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const rounds = Number(option('rounds', '4'));
  const seconds = Number(option('seconds', '3'));
  const sizes = option('bytes', '90,16000').split(',').map(Number);
  const variants = option('variants', 'tcp,unix').split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-cost-'));
  const children: ChildProcess[] = [];
  try {
    for (const bytes of sizes) {
      const socketPath = path.join(dir, `stub-${bytes}.sock`);
      const stubProcess = await startChild(
        { GATEWAY_COST_ROLE: 'stub', BYTES: String(bytes), SOCKET: socketPath },
        'STUB',
      );
      children.push(stubProcess.child);
      const gateways: {
        variant: string;
        child: ChildProcess;
        port: number;
        cpuUs: number[];
        stubUs: number[];
        rps: number[];
      }[] = [];
      for (const variant of variants) {
        const started = await startChild(
          {
            GATEWAY_COST_ROLE: 'gateway',
            VARIANT: variant,
            UPSTREAM_PORT: String(stubProcess.port),
            SOCKET: socketPath,
          },
          'GATEWAY',
        );
        children.push(started.child);
        gateways.push({
          variant,
          ...started,
          cpuUs: [] as number[],
          stubUs: [] as number[],
          rps: [] as number[],
        });
      }
      const url = (port: number) => `http://127.0.0.1:${port}/v1/phone-system/contacts?sort=-updatedAt`;
      for (const gw of gateways) await wrk(url(gw.port), 3); // warm-up (the JIT)
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? gateways : [...gateways].reverse();
        for (const gw of order) {
          const pid = gw.child.pid ?? 0;
          const stubPid = stubProcess.child.pid ?? 0;
          const [gwBefore, stubBefore, started] = [cpuSeconds(pid), cpuSeconds(stubPid), performance.now()];
          const requests = await wrk(url(gw.port), seconds);
          const elapsed = (performance.now() - started) / 1000;
          const gwCpu = cpuSeconds(pid) - gwBefore;
          const stubCpu = cpuSeconds(stubPid) - stubBefore;
          gw.cpuUs.push((gwCpu / requests) * 1e6);
          gw.stubUs.push((stubCpu / requests) * 1e6);
          gw.rps.push(requests / elapsed);
        }
      }
      // Each variant's CPU over the first one's in the same round (neighbours in time): the load
      // that drifts between rounds cancels out of the ratio.
      const paired = (gw: { cpuUs: number[] }) =>
        median(gw.cpuUs.map((value, round) => value / gateways[0].cpuUs[round]));
      for (const gw of gateways) {
        process.stdout.write(
          `${String(bytes).padStart(6)} B  ${gw.variant.padEnd(24)} gateway ${median(gw.cpuUs).toFixed(0).padStart(4)} µs/req (lowest ${Math.min(
            ...gw.cpuUs,
          )
            .toFixed(0)
            .padStart(
              4,
            )}, ×${paired(gw).toFixed(2)} of ${gateways[0].variant} round by round)  stub ${median(gw.stubUs).toFixed(0).padStart(3)} µs/req (lowest ${Math.min(
            ...gw.stubUs,
          )
            .toFixed(0)
            .padStart(
              3,
            )}, ×${median(gw.stubUs.map((value, round) => value / gateways[0].stubUs[round])).toFixed(2)})  ${median(gw.rps).toFixed(0).padStart(5)} req/s\n`,
        );
      }
      for (const child of children.splice(0)) child.kill();
    }
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (role === 'stub') stub(Number(process.env.BYTES), process.env.SOCKET ?? '');
else if (role === 'gateway')
  void gateway(process.env.VARIANT ?? 'tcp', Number(process.env.UPSTREAM_PORT), process.env.SOCKET ?? '');
else
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
