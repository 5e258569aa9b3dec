import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '@diallink/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

const FAILURES_MESSAGE = 'Too many failed authentications from this address: try again later.';

type ClosableStorage = ThrottlerStorage & { close(): Promise<void> };
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** @nestjs/throttler's counters: in process, or in Redis (shared by every replica) when configured. */
export function createRateLimitStorage(options: AuthOptions): ClosableStorage {
  if (options.rateLimit.redisUrl) {
    const redis = new Redis(options.rateLimit.redisUrl, { maxRetriesPerRequest: 2 });
    const storage = new ThrottlerStorageRedisService(redis);
    return Object.assign(storage, {
      // QUIT waits for Redis to answer, so no socket outlives the shutdown.
      close: async () => void (await redis.quit().catch(() => redis.disconnect())),
    });
  }
  return new MemoryRateLimitStorage();
}

interface Counter {
  /** Expiry instants of the hits still counted, oldest first from `head` on. */
  hits: number[];
  head: number;
  /** False once a hit expires before an earlier one (the wall clock went back): then hits are filtered. */
  ordered: boolean;
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
}

/**
 * The in-process counters: `@nestjs/throttler`'s `ThrottlerStorageService` answer for answer (a
 * hit counts for `ttl` after it was made, a key over its limit is blocked for `blockDuration`,
 * then starts afresh), without its cost: that service filters every hit of the key's window into
 * a new array on every request, so a key's request costs grow with its rate (tens of µs at a few
 * hundred hits, hundreds past ten thousand). Hits here are a queue in expiry order, pruned from
 * the front. Idle keys are swept once a minute, as there.
 */
export class MemoryRateLimitStorage implements ThrottlerStorage {
  static readonly SWEEP_INTERVAL_MS = 60_000;
  private readonly counters = new Map<string, Counter>();
  private sweeper: NodeJS.Timeout | undefined;
  /** Outside any request's async context, so the timer keeps no request alive. */
  private readonly startSweep = AsyncResource.bind(() => {
    this.sweeper = setInterval(() => this.sweep(), MemoryRateLimitStorage.SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  });

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.count(key, ttl, limit, blockDuration));
  }

  /** `increment`, answered at once. */
  count(key: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    if (!this.sweeper) this.startSweep();
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { hits: [], head: 0, ordered: true, expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false };
      this.counters.set(key, counter);
    }
    this.prune(counter, now);
    let timeToExpire = Math.ceil((counter.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      counter.expiresAt = now + ttl;
      timeToExpire = Math.ceil(ttl / 1000);
    }
    if (blockDuration <= 0) {
      // Without a block: the hit counts only while under the limit (as the throttler does).
      const isBlocked = counter.hits.length - counter.head >= limit;
      if (!isBlocked) this.fire(counter, now + ttl);
      const live = counter.hits.length - counter.head;
      const earliest = live > 0 ? this.earliest(counter) : undefined;
      return {
        totalHits: live + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (earliest === undefined ? timeToExpire : Math.ceil((earliest - now) / 1000)) : 0,
      };
    }
    if (!counter.isBlocked) this.fire(counter, now + ttl);
    if (counter.hits.length - counter.head > limit && !counter.isBlocked) {
      counter.isBlocked = true;
      counter.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((counter.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && counter.isBlocked) {
      counter.isBlocked = false;
      counter.hits = [];
      counter.head = 0;
      counter.ordered = true;
      this.fire(counter, now + ttl);
    }
    return {
      totalHits: counter.hits.length - counter.head,
      timeToExpire,
      isBlocked: counter.isBlocked,
      timeToBlockExpire,
    };
  }

  private fire(counter: Counter, expiresAt: number): void {
    const last = counter.hits.length > counter.head ? counter.hits[counter.hits.length - 1] : undefined;
    if (last !== undefined && expiresAt < last) counter.ordered = false;
    counter.hits.push(expiresAt);
  }

  /** Drops the hits expired at `now`. */
  private prune(counter: Counter, now: number): void {
    if (!counter.ordered) {
      counter.hits = counter.hits.slice(counter.head).filter((expiresAt) => expiresAt > now);
      counter.head = 0;
      counter.ordered = counter.hits.every((expiresAt, i, all) => i === 0 || all[i - 1] <= expiresAt);
      return;
    }
    const { hits } = counter;
    let head = counter.head;
    while (head < hits.length && hits[head] <= now) head++;
    if (head === hits.length) {
      counter.hits = [];
      counter.head = 0;
    } else if (head > 1024 && head * 2 > hits.length) {
      counter.hits = hits.slice(head);
      counter.head = 0;
    } else counter.head = head;
  }

  private earliest(counter: Counter): number {
    let earliest = counter.hits[counter.head];
    if (!counter.ordered) for (let i = counter.head; i < counter.hits.length; i++) earliest = Math.min(earliest, counter.hits[i]);
    return earliest;
  }

  /** Forgets the keys with nothing left to count: no live hit, window over, not blocked. */
  sweep(now = Date.now()): void {
    for (const [key, counter] of this.counters) {
      if (counter.isBlocked && counter.blockExpiresAt > now) continue;
      if (counter.expiresAt > now) continue;
      this.prune(counter, now);
      if (counter.hits.length > counter.head) continue;
      this.counters.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.counters.clear();
  }
}

/**
 * Fixed-window limits, answered with `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset` (seconds), and a 429 with `Retry-After` past the limit:
 * - per user: every API key and token of a user draws from one budget, so making more keys does
 *   not multiply it;
 * - per client address on public credential endpoints (login, sign-up);
 * - per client address for failed authentications (unknown, expired or disabled keys, bad
 *   tokens): past the limit an address is refused before any credential is looked up.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ClosableStorage,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /** Addresses over their failed-authentication limit, until when (this process's memory of it). */
  private readonly refusedUntil = new Map<string, number>();

  /** Counts one request of `tracker` (`user:<id>`, `address:<ip>`) against `kind`'s limit. */
  async hit(
    reply: FastifyReply,
    tracker: string,
    kind: 'principal' | 'address' | 'failure' = 'principal',
  ): Promise<void> {
    const { windowMs, perAddress, perPrincipal, failuresPerAddress } = this.options.rateLimit;
    const limit = kind === 'address' ? perAddress : kind === 'failure' ? failuresPerAddress : perPrincipal;
    const key = `diallink:rl:${tracker}`;
    const record =
      this.storage instanceof MemoryRateLimitStorage
        ? this.storage.count(key, windowMs, limit, windowMs)
        : await this.storage.increment(key, windowMs, limit, windowMs, 'default');
    const reset = Math.max(0, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
    void reply.header('RateLimit-Limit', String(limit));
    void reply.header('RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
    void reply.header('RateLimit-Reset', String(reset));
    if (record.isBlocked) throw new TooManyRequestsError(Math.max(1, reset));
  }

  /** 429 at once for an address known to be over its failed-authentication limit (no lookup). */
  refuseKnownFailures(address: string): void {
    const until = this.refusedUntil.get(address);
    if (until === undefined) return;
    const seconds = Math.ceil((until - Date.now()) / 1000);
    if (seconds <= 0) {
      this.refusedUntil.delete(address);
      return;
    }
    throw new TooManyRequestsError(seconds, FAILURES_MESSAGE);
  }

  /** Counts a failed authentication of `address`; past the limit the address is refused for a while. */
  async failed(reply: FastifyReply, address: string): Promise<void> {
    try {
      await this.hit(reply, `auth-failures:${address}`, 'failure');
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      const seconds = Number(error.headers['Retry-After'] ?? 60);
      if (this.refusedUntil.size >= 10_000) this.refusedUntil.clear();
      this.refusedUntil.set(address, Date.now() + seconds * 1000);
      throw new TooManyRequestsError(seconds, FAILURES_MESSAGE);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
