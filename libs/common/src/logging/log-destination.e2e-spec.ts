import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../http/free-port';
import { BatchedLines, FLUSH_AT_BYTES } from './log-destination';

const ROOT = path.resolve(__dirname, '../../../..');
const FIXTURE = 'libs/common/src/logging/testing/log-then-exit.fixture.ts';
const LINES = 2_000;

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  env: Record<string, string>,
  onStart?: (child: ChildProcess, stdout: () => string) => void,
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child, () => stdout);
  });
}

/** The JSON lines of a process's output (anything else is left out). */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function numbered(stdout: string): number[] {
  return jsonLines(stdout)
    .filter((line) => line.msg === 'numbered line')
    .map((line) => line.n as number);
}

const everyNumber = Array.from({ length: LINES }, (_, index) => index + 1);

describe('a service’s batched log lines', () => {
  it('are all written when the process calls process.exit() right after logging them', async () => {
    const ended = await run({ END: 'exit' });
    expect(ended.code).toBe(3);
    expect(numbered(ended.stdout)).toEqual(everyNumber);
  }, 90_000);

  it('are all written when the process dies of an uncaught exception right after logging them', async () => {
    const ended = await run({ END: 'throw' });
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain('crash after logging');
    expect(numbered(ended.stdout)).toEqual(everyNumber);
  }, 90_000);

  it('give one access line per request, written out when SIGTERM stops the service', async () => {
    const port = await freePort();
    let requestId: string | null = null;
    const ended = await run({ END: 'serve', PORT: String(port) }, (child, stdout) => {
      void (async () => {
        while (!stdout().includes('listening on')) {
          if (child.exitCode !== null) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const response = await fetch(`http://127.0.0.1:${port}/v1/obs/things?api_key=very-secret-key-123&page=1`);
        requestId = response.headers.get('x-request-id');
        await response.text();
        child.kill('SIGTERM');
      })().catch(() => child.kill('SIGKILL'));
    });
    expect(ended.code).toBe(0);
    expect(requestId).toBeTruthy();
    const lines = jsonLines(ended.stdout).filter((line) => line.requestId === requestId);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        service: 'obs',
        route: '/v1/obs/things',
        req: expect.objectContaining({ method: 'GET', url: '/v1/obs/things?api_key=[REDACTED]&page=1' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(ended.stdout).not.toContain('very-secret-key-123');
    expect(ended.stdout).toContain('SIGTERM received');
  }, 90_000);
});

describe('a service whose log reader went away', () => {
  it('goes on answering (EPIPE on stdout is not a crash)', async () => {
    const port = await freePort();
    const statuses: number[] = [];
    const ended = await run({ END: 'serve', PORT: String(port) }, (child, stdout) => {
      void (async () => {
        while (!stdout().includes('listening on')) {
          if (child.exitCode !== null) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // Nobody reads the service's output any more: its next write fails with EPIPE.
        child.stdout?.destroy();
        for (let n = 0; n < 3; n++) {
          const response = await fetch(`http://127.0.0.1:${port}/v1/obs/things`);
          await response.text();
          statuses.push(response.status);
          // The batch goes out within 50 ms; the next request comes after it failed.
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        child.kill('SIGTERM');
      })().catch(() => child.kill('SIGKILL'));
    });
    expect(statuses).toEqual([200, 200, 200]);
    expect(ended.code).toBe(0);
  }, 90_000);
});

describe('BatchedLines', () => {
  it('keeps info lines until a flush, and writes an error line at once with everything before it', () => {
    const written: string[] = [];
    const lines = new BatchedLines((text) => written.push(text));
    lines.write('{"level":30,"msg":"a"}\n');
    lines.write('{"level":30,"msg":"b"}\n');
    expect(written).toEqual([]);
    lines.write('{"level":50,"msg":"c"}\n');
    expect(written).toEqual(['{"level":30,"msg":"a"}\n{"level":30,"msg":"b"}\n{"level":50,"msg":"c"}\n']);
    lines.write('{"level":60,"msg":"d"}\n');
    expect(written).toHaveLength(2);
    lines.flush();
    expect(written).toHaveLength(2);
  });

  it('writes a batch once it reaches its size', () => {
    const written: string[] = [];
    const lines = new BatchedLines((text) => written.push(text));
    const line = `{"level":30,"msg":"${'x'.repeat(1_000)}"}\n`;
    const count = Math.ceil(FLUSH_AT_BYTES / line.length);
    for (let n = 0; n < count; n++) lines.write(line);
    expect(written).toEqual([line.repeat(count)]);
    lines.flush();
  });
});
