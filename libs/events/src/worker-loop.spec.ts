import { WorkerLoop } from './worker-loop';

describe('WorkerLoop', () => {
  it('runs again when woken while it was running, without waiting for its interval', async () => {
    let loop: WorkerLoop | undefined;
    let runs = 0;
    const secondRun = new Promise<void>((resolve) => {
      loop = new WorkerLoop(
        async () => {
          runs += 1;
          // Work arrives (and its wake-up) while this run has already looked and found nothing.
          if (runs === 1) loop?.wake();
          if (runs === 2) resolve();
          return 0;
        },
        60 * 60 * 1000,
        (error) => {
          throw error;
        },
      );
    });
    loop?.start();
    await secondRun;
    await loop?.stop();
    expect(runs).toBe(2);
  });

  it('sleeps when it found nothing and nobody woke it, until woken', async () => {
    let runs = 0;
    let ran: () => void = () => undefined;
    const loop = new WorkerLoop(
      async () => {
        runs += 1;
        ran();
        return 0;
      },
      60 * 60 * 1000,
      (error) => {
        throw error;
      },
    );
    const firstRun = new Promise<void>((resolve) => (ran = resolve));
    loop.start();
    await firstRun;
    expect(runs).toBe(1);
    const secondRun = new Promise<void>((resolve) => (ran = resolve));
    loop.wake();
    await secondRun;
    await loop.stop();
    expect(runs).toBe(2);
  });
});
