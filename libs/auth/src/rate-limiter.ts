import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '@diallink/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** @nestjs/throttler's counters: in process, or in Redis (shared by every replica) when configured. */
export function createRateLimitStorage(options: AuthOptions): ThrottlerStorage & { close(): void } {
  if (options.rateLimit.redisUrl) {
    const redis = new ThrottlerStorageRedisService(options.rateLimit.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    return Object.assign(redis, { close: () => redis.onModuleDestroy() });
  }
  const memory = new ThrottlerStorageService();
  return Object.assign(memory, { close: () => memory.onApplicationShutdown() });
}

/**
 * Fixed-window limits per API key or user (per client address on public credential endpoints),
 * answered with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and a
 * 429 with `Retry-After` past the limit.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage & { close(): void },
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

  onApplicationShutdown(): void {
    this.storage.close();
  }
}
