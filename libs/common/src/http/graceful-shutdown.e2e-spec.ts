import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '../../../..');

describe('graceful shutdown (runService)', () => {
  let child: ChildProcess;
  let origin: string;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'libs/common/src/http/testing/slow-service.fixture.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SLOW_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; !output.includes('listening on'); i++) {
      if (i > 200 || child.exitCode !== null) throw new Error(`the service did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes the request in flight on SIGTERM, takes no new one, and exits 0 without waiting for kept-alive clients', async () => {
    const inFlight = fetch(`${origin}/v1/obs/slow`);
    // Let the request reach the handler, then ask the process to stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${origin}/v1/obs/slow`)).rejects.toThrow();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received');
  });
});
