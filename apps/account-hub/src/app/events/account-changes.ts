import { Injectable } from '@nestjs/common';
import { PrincipalService, notifyAuthChange } from '@diallink/auth';
import { publishEvent } from '@diallink/events';
import { RowLocks } from '@diallink/db';
import { AccountHubDatabase, Tx } from '../database';
import { roleSnapshot, tenantSnapshot, userSnapshot } from './snapshots';

type UserChange = 'created' | 'updated' | 'enabled' | 'disabled';
type TenantChange = 'created' | 'updated';

/**
 * What a change reports, collected while it runs and published when it is done, inside its
 * transaction (the transactional outbox): the state after the change is what the events carry,
 * and every reported tenant or user gets its revision raised once.
 */
export class ChangeLog {
  private readonly tenants = new Map<string, TenantChange>();
  private readonly users = new Map<string, UserChange>();
  private readonly deletedUsers = new Map<string, number>();
  private readonly subscriptions: { change: 'created' | 'deleted'; product: string }[] = [];
  private readonly roles: {
    change: 'created' | 'updated' | 'deleted';
    role: { id: string; name: string; builtIn: boolean; permissions: string[] };
  }[] = [];

  constructor(private readonly tenantId: string) {}

  tenant(change: TenantChange): void {
    if (this.tenants.get(this.tenantId) !== 'created') this.tenants.set(this.tenantId, change);
  }

  /** `updated` never overrides a more telling change of the same user. */
  user(userId: string, change: UserChange): void {
    const before = this.users.get(userId);
    if (change === 'updated' && before) return;
    if (before === 'created') return;
    this.users.set(userId, change);
  }

  userDeleted(userId: string, revisionBefore: number): void {
    this.users.delete(userId);
    this.deletedUsers.set(userId, revisionBefore + 1);
  }

  subscription(change: 'created' | 'deleted', product: string): void {
    this.subscriptions.push({ change, product });
    this.tenant('updated');
  }

  role(
    change: 'created' | 'updated' | 'deleted',
    role: { id: string; name: string; builtIn: boolean; permissions: string[] },
  ): void {
    this.roles.push({ change, role });
  }

  async publish(tx: Tx): Promise<void> {
    const tenantId = this.tenantId;
    for (const [id, change] of this.tenants) {
      if (change !== 'created') await tx.tenant.update({ where: { id }, data: { revision: { increment: 1 } } });
    }
    for (const [userId, change] of this.users) {
      if (change !== 'created') await tx.user.update({ where: { id: userId }, data: { revision: { increment: 1 } } });
    }
    const tenantChange = this.tenants.get(tenantId);
    if (tenantChange) {
      const tenant = await tenantSnapshot(tx, tenantId);
      if (tenantChange === 'created')
        await publishEvent(tx, { type: 'account-hub.tenant.created', tenantId, data: { tenant } });
      for (const { change, product } of this.subscriptions) {
        await publishEvent(tx, { type: `account-hub.subscription.${change}`, tenantId, data: { product, tenant } });
      }
      if (tenantChange === 'updated' && this.subscriptions.length === 0) {
        await publishEvent(tx, { type: 'account-hub.tenant.updated', tenantId, data: { tenant } });
      }
    }
    for (const { change, role } of this.roles) {
      if (change === 'deleted') {
        await publishEvent(tx, {
          type: 'account-hub.role.deleted',
          tenantId,
          data: { role: { id: role.id, name: role.name } },
        });
      } else {
        await publishEvent(tx, { type: `account-hub.role.${change}`, tenantId, data: { role: roleSnapshot(role) } });
      }
    }
    for (const [userId, change] of this.users) {
      await publishEvent(tx, {
        type: `account-hub.user.${change}`,
        tenantId,
        data: { user: await userSnapshot(tx, userId) },
      });
    }
    for (const [id, revision] of this.deletedUsers) {
      await publishEvent(tx, { type: 'account-hub.user.deleted', tenantId, data: { user: { id, revision } } });
    }
  }
}

/**
 * How the Account Hub changes a tenant's data: in one transaction that writes the change, the
 * events it reports (outbox) and the notice that revokes cached credentials on every process
 * (NOTIFY at commit); then this process forgets the tenant's cached credentials before
 * answering, so the caller's next request already sees the change.
 */
@Injectable()
export class AccountChanges {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly principals: PrincipalService,
  ) {}

  async apply<T>(tenantId: string, work: ChangeWork<T>): Promise<T> {
    const result = await applyChanges(this.db, tenantId, work);
    this.principals.forgetTenant(tenantId);
    return result;
  }
}

export type ChangeWork<T> = (tx: Tx, changes: ChangeLog, locks: RowLocks) => Promise<T>;

/** `AccountChanges.apply` without the process's credential cache (the first start's seeding). */
export function applyChanges<T>(db: AccountHubDatabase, tenantId: string, work: ChangeWork<T>): Promise<T> {
  return db.transaction(tenantId, async (tx, locks) => {
    const changes = new ChangeLog(tenantId);
    const value = await work(tx, changes, locks);
    await changes.publish(tx);
    await notifyAuthChange(tx, tenantId);
    return value;
  });
}
