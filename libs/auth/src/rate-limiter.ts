import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '@diallink/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

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
 * Fixed-window limits per API key or user (per client address on public credential endpoints),
 * answered with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and a
 * 429 with `Retry-After` past the limit.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ClosableStorage,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /** Counts one request of `tracker` (e.g. `key:<id>`, `user:<id>`, `address:<ip>`). */
  async hit(reply: FastifyReply, tracker: string, byAddress = false): Promise<void> {
    const { windowMs, perAddress, perPrincipal } = this.options.rateLimit;
    const limit = byAddress ? perAddress : perPrincipal;
    const record = await this.storage.increment(`diallink:rl:${tracker}`, windowMs, limit, windowMs, 'default');
    const reset = Math.max(0, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
    void reply.header('RateLimit-Limit', String(limit));
    void reply.header('RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
    void reply.header('RateLimit-Reset', String(reset));
    if (record.isBlocked) throw new TooManyRequestsError(Math.max(1, reset));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
