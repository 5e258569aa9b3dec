import { ThrottlerStorageService } from '@nestjs/throttler';
import { MemoryRateLimitStorage } from './rate-limiter';

/** A small deterministic generator, so that a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('MemoryRateLimitStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-02T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('answers as @nestjs/throttler’s storage does, hit for hit, across windows and blocks', async () => {
    const ours = new MemoryRateLimitStorage();
    const theirs = new ThrottlerStorageService();
    const next = random(9);
    const keys = ['user:a', 'user:b', 'address:c'];
    for (let i = 0; i < 4_000; i++) {
      // Bursts and pauses: from the same millisecond to past a whole window and block.
      const pause = next();
      jest.advanceTimersByTime(pause < 0.6 ? 0 : pause < 0.9 ? Math.floor(next() * 2_000) : Math.floor(next() * 70_000));
      const key = keys[Math.floor(next() * keys.length)];
      const limit = key === 'address:c' ? 3 : 7;
      const blockDuration = key === 'user:b' ? 0 : 60_000;
      const mine = await ours.increment(key, 60_000, limit, blockDuration, 'default');
      const reference = await theirs.increment(key, 60_000, limit, blockDuration, 'default');
      expect({ i, key, ...mine }).toEqual({ i, key, ...reference });
    }
    await ours.close();
    theirs.onApplicationShutdown();
  });

  it('counts a hit for its window after it was made, even when the wall clock goes back', async () => {
    const ours = new MemoryRateLimitStorage();
    const theirs = new ThrottlerStorageService();
    const both = async () => {
      const mine = await ours.increment('k', 60_000, 100, 60_000, 'default');
      expect(mine).toEqual(await theirs.increment('k', 60_000, 100, 60_000, 'default'));
      return mine;
    };
    await both();
    jest.advanceTimersByTime(30_000);
    await both();
    jest.setSystemTime(Date.now() - 20_000);
    await both();
    for (const step of [15_000, 20_000, 30_000, 40_000]) {
      jest.advanceTimersByTime(step);
      await both();
    }
    await ours.close();
    theirs.onApplicationShutdown();
  });

  it('forgets idle keys once their window is over', async () => {
    const ours = new MemoryRateLimitStorage();
    await ours.increment('idle', 60_000, 5, 60_000, 'default');
    jest.advanceTimersByTime(MemoryRateLimitStorage.SWEEP_INTERVAL_MS * 2 + 1);
    const fresh = await ours.increment('idle', 60_000, 5, 60_000, 'default');
    expect(fresh.totalHits).toBe(1);
    expect((ours as unknown as { counters: Map<string, unknown> }).counters.size).toBe(1);
    await ours.close();
  });
});
