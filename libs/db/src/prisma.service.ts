import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { TenantClient, tenantScoped } from './tenant-scope';

export const DB_OPTIONS = Symbol('DB_OPTIONS');

export interface DbOptions {
  url: string;
  /** Largest number of connections this process opens. */
  poolMax: number;
}

/** Builds a Prisma client over node-postgres (no engine binary at run time). */
export function createPrismaClient(options: DbOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/**
 * The process's one database client. Services reach tenant data only through `forTenant`,
 * which adds the tenant to every query of a tenant-owned model.
 */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: PrismaClient;
  private readonly scoped = new Map<string, TenantClient>();

  constructor(@Inject(DB_OPTIONS) options: DbOptions) {
    this.client = createPrismaClient(options);
  }

  /** A client whose every query on a tenant-owned model is limited to `tenantId`. */
  forTenant(tenantId: string): TenantClient {
    let scoped = this.scoped.get(tenantId);
    if (!scoped) {
      if (this.scoped.size >= 1_000) this.scoped.delete(this.scoped.keys().next().value as string);
      scoped = tenantScoped(this.client, tenantId);
      this.scoped.set(tenantId, scoped);
    }
    return scoped;
  }

  /** True when the database answers a trivial query within `timeoutMs`. */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.client.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
