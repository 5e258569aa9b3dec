import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '../../../..');

describe('graceful shutdown (runService)', () => {
  let child: ChildProcess;
  let origin: string;
  let output = '';
  const socketDir = mkdtempSync(path.join(tmpdir(), 'graceful-'));
  const socketPath = path.join(socketDir, 'obs.sock');

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'libs/common/src/http/testing/slow-service.fixture.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SLOW_MS: '1000', SOCKET_PATH: socketPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes(`listening on ${socketPath}`), 'the service did not start');
  }, 90_000);

  /** Waits for what the process says (its readiness, its progress), not for a fixed time. */
  async function until(condition: () => boolean, failure: string, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${failure}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(socketDir, { recursive: true, force: true });
  });

  it('answers on its Unix socket (SOCKET_PATH) as on its port', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) =>
      request({ socketPath, path: '/v1/obs/nothing-here' }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(404);
  });

  it('finishes the request in flight on SIGTERM, takes no new one, and exits 0 without waiting for kept-alive clients', async () => {
    const inFlight = fetch(`${origin}/v1/obs/slow`);
    // Once the request is in the handler, ask the process to stop.
    await until(() => output.includes('slow request started'), 'the request did not reach its handler');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await until(() => output.includes('SIGTERM received'), 'the process did not take the signal');
    // A new request is refused: no connection, or 503 while the listener closes.
    const late = await fetch(`${origin}/v1/obs/slow`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(late);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    expect(await exited).toBe(0);
    // Its socket file is gone with it.
    expect(existsSync(socketPath)).toBe(false);
  }, 90_000);
});
