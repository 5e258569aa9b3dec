import path from 'node:path';
import request from 'supertest';
import type { FastifyInstance } from 'fastify';
import { SERVICE_NAMES, ServiceName, freePort } from '@diallink/common';
import { eventually } from '@diallink/testing';
import { Upstreams, createGateway } from './gateway';
import { Scheduler, Supervisor } from './supervisor';

/** A scheduler whose timers run when the test says so: a restart is due at once, never slept for. */
class ManualScheduler implements Scheduler {
  private readonly timers: { run: () => void; at: number }[] = [];
  private clock = Date.now();
  now = () => this.clock;
  setTimeout(run: () => void, ms: number) {
    const timer = { run, at: this.clock + ms };
    this.timers.push(timer);
    return { cancel: () => this.timers.splice(this.timers.indexOf(timer), 1) };
  }
  /** Moves the clock to the next timer and runs it. */
  runNext(): number {
    this.timers.sort((a, b) => a.at - b.at);
    const timer = this.timers.shift();
    if (!timer) throw new Error('no timer is due');
    this.clock = timer.at;
    timer.run();
    return timer.at;
  }
  get pending(): number {
    return this.timers.length;
  }
}

describe('the stack’s supervisor: a crashed service restarts, the others keep serving', () => {
  const lines: string[] = [];
  const scheduler = new ManualScheduler();
  const supervisor = new Supervisor((line) => lines.push(line), scheduler, 'ignore');
  let gateway: FastifyInstance;
  const [crashing, steady] = SERVICE_NAMES as ServiceName[];

  beforeAll(async () => {
    const upstreams = {} as Upstreams;
    for (const service of SERVICE_NAMES) {
      const port = await freePort();
      upstreams[service] = `http://127.0.0.1:${port}`;
      supervisor.start({
        name: service,
        command: process.execPath,
        args: [path.join(__dirname, 'testing/echo-service.js')],
        cwd: __dirname,
        env: { ...process.env, PORT: String(port), SERVICE_NAME: service },
      });
    }
    gateway = await createGateway(upstreams, {
      isUp: (service) => supervisor.isUp(service),
      retryAfterSeconds: (service) => supervisor.secondsUntilRestart(service),
    });
    await gateway.ready();
    const up = async (service: string) => (await request(gateway.server).get(`/v1/${service}/x`)).status === 200;
    for (const service of SERVICE_NAMES) await eventually(60_000, () => up(service));
  }, 90_000);

  afterAll(async () => {
    await gateway?.close();
    await supervisor.stopAll();
  });

  it('answers 503 for the killed service while the others serve, restarts it after its backoff, and says so', async () => {
    const before = supervisor.pid(crashing);
    process.kill(before as number, 'SIGKILL');
    await eventually(30_000, async () => !supervisor.isUp(crashing));

    const down = await request(gateway.server).get(`/v1/${crashing}/x`).expect(503);
    expect(down.body).toMatchObject({ status: 503, error: 'SERVICE_UNAVAILABLE' });
    expect(down.body.message).toMatch(/restarting/);
    expect(Number(down.headers['retry-after'])).toBe(1);
    await request(gateway.server).get(`/v1/${steady}/x`).expect(200);
    expect(lines.join('\n')).toMatch(
      new RegExp(`${crashing} exited \\(SIGKILL\\).*restarting it in 1 s; the others keep serving`),
    );

    // The restart is due after the backoff: run it now.
    expect(scheduler.pending).toBe(1);
    scheduler.runNext();
    await eventually(60_000, async () => (await request(gateway.server).get(`/v1/${crashing}/x`)).status === 200);
    const after = await request(gateway.server).get(`/v1/${crashing}/x`).expect(200);
    expect(after.body.pid).not.toBe(before);
  }, 120_000);

  it('doubles the backoff for a service that keeps crashing', async () => {
    for (const expected of [2, 4]) {
      process.kill(supervisor.pid(crashing) as number, 'SIGKILL');
      await eventually(30_000, async () => !supervisor.isUp(crashing));
      expect(lines[lines.length - 1]).toMatch(`restarting it in ${expected} s`);
      const down = await request(gateway.server).get(`/v1/${crashing}/x`).expect(503);
      expect(Number(down.headers['retry-after'])).toBe(expected);
      scheduler.runNext();
      await eventually(60_000, async () => supervisor.isUp(crashing));
    }
  }, 120_000);
});
