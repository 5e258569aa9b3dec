import { Injectable } from '@nestjs/common';
import { Principal, ProductName } from '@diallink/auth';
import { ConflictError, NotFoundError } from '@diallink/common';
import { AccountHubDatabase } from '../database';
import { AccountChanges } from '../events/account-changes';
import { SubscriptionResponse } from './dto/subscription.dto';

/** Which products the tenant has; a service refuses a tenant without its product (403). */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly changes: AccountChanges,
  ) {}

  async list(principal: Principal): Promise<SubscriptionResponse[]> {
    const rows = await this.db.forTenant(principal.tenantId).subscription.findMany();
    return rows
      .map(({ id, product, createdAt }) => ({ id, product: product as ProductName, createdAt }))
      .sort((a, b) => a.product.localeCompare(b.product));
  }

  async add(principal: Principal, product: ProductName): Promise<SubscriptionResponse> {
    return this.changes.apply(principal.tenantId, async (tx, changes) => {
      const exists = await tx.subscription.findFirst({ where: { product } });
      if (exists) throw new ConflictError(`The tenant already subscribes to ${product}.`);
      const row = await tx.subscription.create({ data: { tenantId: principal.tenantId, product } });
      changes.subscription('created', product);
      return { id: row.id, product: row.product as ProductName, createdAt: row.createdAt };
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.changes.apply(principal.tenantId, async (tx, changes) => {
      const subscription = await tx.subscription.findFirst({ where: { id } });
      if (!subscription) throw new NotFoundError('Subscription', id);
      await tx.subscription.delete({ where: { id } });
      changes.subscription('deleted', subscription.product);
    });
  }
}
