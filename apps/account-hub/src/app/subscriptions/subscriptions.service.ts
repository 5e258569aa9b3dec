import { Injectable } from '@nestjs/common';
import { AuthChanges, Principal, ProductName } from '@diallink/auth';
import { ConflictError, NotFoundError } from '@diallink/common';
import { PrismaService } from '@diallink/db';
import { SubscriptionResponse } from './dto/subscription.dto';

/** Which products the tenant has; a service refuses a tenant without its product (403). */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly authChanges: AuthChanges,
  ) {}

  async list(principal: Principal): Promise<SubscriptionResponse[]> {
    const rows = await this.prisma.forTenant(principal.tenantId).subscription.findMany();
    return rows
      .map(({ id, product, createdAt }) => ({ id, product, createdAt }))
      .sort((a, b) => a.product.localeCompare(b.product));
  }

  async add(principal: Principal, product: ProductName): Promise<SubscriptionResponse> {
    return this.authChanges.apply(principal.tenantId, async (tx) => {
      const exists = await tx.subscription.findFirst({ where: { tenantId: principal.tenantId, product } });
      if (exists) throw new ConflictError(`The tenant already subscribes to ${product}.`);
      const row = await tx.subscription.create({ data: { tenantId: principal.tenantId, product } });
      return { id: row.id, product: row.product, createdAt: row.createdAt };
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.authChanges.apply(principal.tenantId, async (tx) => {
      const deleted = await tx.subscription.deleteMany({ where: { id, tenantId: principal.tenantId } });
      if (deleted.count === 0) throw new NotFoundError('Subscription', id);
    });
  }
}
