import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@diallink/db';
import { notifyAuthChange } from './auth-events';
import { PrincipalService } from './principal.service';

/**
 * How the Account Hub changes a tenant's keys, users, roles or subscriptions: in one transaction
 * that announces the change to every process at commit, and this process forgets the tenant's
 * cached credentials before answering, so the caller's next request already sees the change.
 */
@Injectable()
export class AuthChanges {
  constructor(
    private readonly prisma: PrismaService,
    private readonly principals: PrincipalService,
  ) {}

  async apply<T>(tenantId: string, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const result = await this.prisma.client.$transaction(async (tx) => {
      const value = await work(tx);
      await notifyAuthChange(tx, tenantId);
      return value;
    });
    this.principals.forgetTenant(tenantId);
    return result;
  }
}
