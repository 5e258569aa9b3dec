/**
 * Process faults under steady load, with real processes (a service with one slow route,
 * libs/common/src/http/testing/slow-service.fixture.ts) rather than the echo servers and manual
 * clock of the unit-level tests (tools/stack/supervisor.e2e-spec.ts,
 * libs/common/src/http/graceful-shutdown.e2e-spec.ts):
 * - a service killed under the `npm start` supervisor and gateway: the others keep answering
 *   200 throughout, the killed one is a 503 with Retry-After while down and serves again once the
 *   supervisor has restarted it;
 * - SIGTERM under load: every request that reached its handler is answered 200, anything else is
 *   refused (no connection, or 503 while the listener closes), and the process exits 0.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SERVICE_NAMES, ServiceName, freePort } from '@diallink/common';
import { eventually } from '@diallink/testing';
import { Upstreams, createGateway } from '../../stack/gateway';
import { Supervisor } from '../../stack/supervisor';
import { BatteryRun, SIZE } from './run';

const ROOT = path.resolve(__dirname, '../../..');
const SLOW_SERVICE = 'libs/common/src/http/testing/slow-service.fixture.ts';

interface Load {
  statuses: Map<string, number>;
  stop(): Promise<void>;
}

/** `clients` loops, each sending requests to `url()` one after the other until stopped. */
function steadyLoad(clients: number, url: () => string, onAnswer: (status: number | 'refused') => void): Load {
  const statuses = new Map<string, number>();
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const status = await fetch(url(), { signal: AbortSignal.timeout(30_000) }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 'refused' as const,
      );
      statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
      onAnswer(status);
      if (status === 'refused') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    statuses,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export function describeProcessFaults(run: BatteryRun): void {
  describe('faults: a service killed under the npm start supervisor, under load', () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), undefined, 'ignore');
    let gateway: FastifyInstance;
    let origin: string;
    const [killed, steady] = SERVICE_NAMES as ServiceName[];

    beforeAll(async () => {
      const upstreams = {} as Upstreams;
      for (const service of SERVICE_NAMES) {
        const port = await freePort();
        upstreams[service] = `http://127.0.0.1:${port}`;
        if (service !== killed && service !== steady) continue;
        supervisor.start({
          name: service,
          command: process.execPath,
          args: ['--import', 'tsx', SLOW_SERVICE],
          cwd: ROOT,
          env: { ...process.env, PORT: String(port), SERVICE_NAME: service, SLOW_MS: '20' },
        });
      }
      gateway = await createGateway(upstreams, {
        isUp: (service) => supervisor.isUp(service),
        retryAfterSeconds: (service) => supervisor.secondsUntilRestart(service),
      });
      origin = await gateway.listen({ port: 0, host: '127.0.0.1' });
      for (const service of [killed, steady]) {
        await eventually(
          180_000,
          async () => (await fetch(`${origin}/v1/${service}/slow`).catch(() => undefined))?.ok === true,
        );
      }
    }, 240_000);

    afterAll(async () => {
      await supervisor.stopAll();
      await gateway?.close();
      run.addLog(lines.join('\n'));
    }, 60_000);

    it('keeps the others serving while the killed one is down, answers 503 with Retry-After for it, and restarts it', async () => {
      const steadyLoad_ = steadyLoad(
        SIZE.loadClients,
        () => `${origin}/v1/${steady}/slow`,
        () => undefined,
      );
      /** Every answer for the killed service: a status, or how the request failed without one. */
      const killedAnswers = new Map<string, number>();
      const wrongAnswers: string[] = [];
      const probe = async (): Promise<number | undefined> => {
        // A generous deadline: a request that has it expire hung (the gateway answers a service
        // that is down at once), however busy the machine.
        const response = await fetch(`${origin}/v1/${killed}/slow`, { signal: AbortSignal.timeout(60_000) }).catch(
          (error: Error) => {
            const cause = (error.cause as { code?: string } | undefined)?.code ?? error.name;
            killedAnswers.set(cause, (killedAnswers.get(cause) ?? 0) + 1);
            return undefined;
          },
        );
        if (!response) return undefined;
        const status = response.status;
        killedAnswers.set(String(status), (killedAnswers.get(String(status)) ?? 0) + 1);
        const text = await response.text();
        if (status === 503 && !(Number(response.headers.get('retry-after')) > 0)) {
          wrongAnswers.push(`503 without Retry-After: ${text}`);
        }
        if (status >= 500 && !text.includes(`"status":${status}`)) wrongAnswers.push(`${status}: ${text}`);
        return status;
      };
      await eventually(60_000, async () => (steadyLoad_.statuses.get('200') ?? 0) >= 20);
      // The gateway holds a kept-alive connection to the service when it dies: the first request
      // after the kill may be sent on it.
      expect(await probe()).toBe(200);
      const pid = supervisor.pid(killed);
      process.kill(pid as number, 'SIGKILL');
      const answers = () => JSON.stringify(Object.fromEntries(killedAnswers));
      await eventually(60_000, async () => (await probe()) === 503).catch((error: Error) => {
        throw new Error(`${error.message}: no 503 for the killed service (${answers()})`);
      });
      await eventually(180_000, async () => (await probe()) === 200).catch((error: Error) => {
        throw new Error(`${error.message}: not restarted (${answers()}; ${lines.join(' | ')})`);
      });
      const okBefore = steadyLoad_.statuses.get('200') ?? 0;
      await eventually(60_000, async () => (steadyLoad_.statuses.get('200') ?? 0) >= okBefore + 20);
      await steadyLoad_.stop();
      const sent = [...steadyLoad_.statuses.values(), ...killedAnswers.values()].reduce((a, b) => a + b, 0);
      run.tally(sent);

      expect(Object.fromEntries(steadyLoad_.statuses)).toEqual({ '200': expect.any(Number) });
      // Every request for the killed one had an HTTP answer: 200 before and after, 503 while it
      // was down, at most a 502 for one the dying process had taken; never a dropped connection.
      expect([...killedAnswers.keys()].filter((answer) => !['200', '502', '503'].includes(answer))).toEqual([]);
      expect(killedAnswers.get('502') ?? 0).toBeLessThanOrEqual(1);
      expect(wrongAnswers).toEqual([]);
      expect(supervisor.pid(killed)).not.toBe(pid);
      expect(lines.some((line) => line.startsWith(`${killed} exited`) && /restarting/.test(line))).toBe(true);
    }, 420_000);
  });

  describe('faults: SIGTERM under load', () => {
    let child: ChildProcess;
    let origin: string;
    let output = '';

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, ['--import', 'tsx', SLOW_SERVICE], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), SLOW_MS: '300' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await eventually(90_000, async () => output.includes('listening on'));
    }, 120_000);

    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
      run.addLog(output);
    });

    it('answers every request that reached its handler, refuses the rest, and exits 0', async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const load = steadyLoad(
        SIZE.loadClients * 2,
        () => `${origin}/v1/obs/slow`,
        () => undefined,
      );
      const started = () => output.split('slow request started').length - 1;
      await eventually(30_000, async () => started() >= SIZE.loadClients * 4);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await load.stop();
      run.tally([...load.statuses.values()].reduce((a, b) => a + b, 0));

      const { '200': ok = 0, '503': closing = 0, refused = 0, ...other } = Object.fromEntries(load.statuses);
      expect(other).toEqual({});
      expect(ok).toBe(started());
      expect(ok + closing + refused).toBeGreaterThan(ok);
    }, 120_000);
  });
}
