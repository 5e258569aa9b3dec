import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '@diallink/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

const FAILURES_MESSAGE = 'Too many failed authentications from this address: try again later.';

type ClosableStorage = ThrottlerStorage & { close(): Promise<void> };

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
  const memory = new ThrottlerStorageService();
  return Object.assign(memory, { close: async () => memory.onApplicationShutdown() });
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
    const record = await this.storage.increment(`diallink:rl:${tracker}`, windowMs, limit, windowMs, 'default');
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
