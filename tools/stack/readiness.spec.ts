import { NotReadyError, waitUntilReady } from './readiness';

/** A clock that moves only when the code under test sleeps, or a probe takes its time. */
function fakeClock() {
  let clock = 0;
  return {
    now: () => clock,
    sleep: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => (clock += ms),
  };
}

describe('npm start’s readiness wait', () => {
  it('waits past the deadline for a slow start as long as services keep becoming ready', async () => {
    const time = fakeClock();
    // One service ready every 50 s: 250 s in all, each step inside the 60 s without progress.
    const readyAt = { a: 50_000, b: 100_000, c: 150_000, d: 200_000, e: 250_000 };
    const lines: string[] = [];
    await waitUntilReady({
      services: Object.keys(readyAt) as (keyof typeof readyAt)[],
      probe: (service) => Promise.resolve(time.now() >= readyAt[service] ? 'ready' : 'down'),
      quietMs: 60_000,
      intervalMs: 1_000,
      log: (line) => lines.push(line),
      ...time,
    });
    expect(time.now()).toBeGreaterThanOrEqual(250_000);
    expect(lines).toEqual([
      'a is ready (50 s)',
      'b is ready (100 s)',
      'c is ready (150 s)',
      'd is ready (200 s)',
      'e is ready (250 s)',
    ]);
  });

  it('probes the services together: a slow answer does not hold up the others’ probes', async () => {
    const time = fakeClock();
    // The slow service answers only once the quick one has been asked: probed one after the
    // other, slow first, this would never finish.
    let quickAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (quickAsked = resolve));
    await waitUntilReady({
      services: ['slow', 'quick'],
      probe: (service) => {
        if (service === 'quick') {
          quickAsked();
          return Promise.resolve('ready');
        }
        return asked.then(() => 'ready');
      },
      quietMs: 60_000,
      ...time,
    });
  });

  it('counts a process that begins to listen as progress: a boot of over a minute is waited for', async () => {
    const time = fakeClock();
    // Listening after 50 s, ready after 100 s (its database slow to answer).
    await waitUntilReady({
      services: ['phone-system'],
      probe: () => Promise.resolve(time.now() >= 100_000 ? 'ready' : time.now() >= 50_000 ? 'up' : 'down'),
      quietMs: 60_000,
      intervalMs: 1_000,
      ...time,
    });
    expect(time.now()).toBeGreaterThanOrEqual(100_000);
  });

  it('fails, naming it, for a service that listens but never becomes ready', async () => {
    const time = fakeClock();
    const waiting = waitUntilReady({
      services: ['obs'],
      probe: () => Promise.resolve('up'),
      quietMs: 60_000,
      intervalMs: 1_000,
      ...time,
    });
    await expect(waiting).rejects.toThrow(/Not healthy: obs \(no progress in the last 60 s\)/);
  });

  it('fails, naming it, for a service that never becomes ready while the others are', async () => {
    const time = fakeClock();
    const waiting = waitUntilReady({
      services: ['account-hub', 'obs'],
      probe: (service) =>
        service === 'obs' ? Promise.reject(new Error('connection refused')) : Promise.resolve('ready'),
      quietMs: 60_000,
      intervalMs: 1_000,
      ...time,
    });
    await expect(waiting).rejects.toThrow(NotReadyError);
    await expect(waiting).rejects.toThrow(/Not healthy: obs \(no progress in the last 60 s\)/);
    expect(time.now()).toBeLessThan(62_000);
  });
});
