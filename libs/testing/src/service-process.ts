import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ServiceName, freePort } from '@diallink/common';

const ROOT = path.resolve(__dirname, '../../..');

export interface ServiceProcess {
  origin: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, and resolves once the process has exited. */
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: no chance to finish anything) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A service as a separate operating-system process, built from the current sources into
 * tmp/test-dist: for what must hold across processes (revocation reaching every process).
 */
export async function startServiceProcess(service: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
  const outDir = path.join('tmp/test-dist', `${service}-${process.pid}`);
  const build = spawnSync(process.execPath, ['tools/build/build-app.js', service, outDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build of ${service} failed: ${build.stderr}`);
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(outDir, 'apps', service, 'src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  // Generous: on a busy machine a build and a start can take long; the process's own exit ends the wait early.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited during start:\n${output}`);
    const health = await fetch(`${origin}/v1/${service}/health`).catch(() => undefined);
    if (health?.ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${service} did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { origin, pid: child.pid ?? 0, output: () => output, stop: () => kill('SIGTERM'), kill };
}
