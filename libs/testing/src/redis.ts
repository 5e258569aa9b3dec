import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '@diallink/common';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * A Redis for a test: TEST_REDIS_URL (default the machine's, redis://127.0.0.1:6379) when it
 * answers, else a `redis-server` of the test's own on a free port, kept in memory. Without
 * either the test fails with one line that says what to install: it never passes silently.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, stop: async () => undefined };
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const failed = new Promise<never>((_, reject) =>
    server.once('error', () =>
      reject(new Error(`No Redis at ${url} and no redis-server to start: install redis-server or set TEST_REDIS_URL.`)),
    ),
  );
  const own = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    const deadline = Date.now() + 10_000;
    while (!(await answers(own))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.race([ready, failed]);
  return {
    url: own,
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      }),
  };
}
