import { Injectable } from '@nestjs/common';
import { AnyEventEnvelope, EventHandlers } from '@diallink/events';
import type { AccountHubTenant, AccountHubUser } from '@diallink/registry';
import { PhoneSystemDatabase, Tx } from '../database';
import { applyUserDeletion, unknownUsers } from './user-rules';

/** Roles whose holders the reference calls `admin`. */
export const ADMIN_ROLES = ['owner', 'admin'];

/**
 * The Phone System's read model of the Account Hub's tenants and users, kept by its events (see
 * ./README.md). Every event carries the record's revision: an older state never overwrites a
 * newer one, whatever order deliveries arrive in, and a deleted user stays a tombstone.
 */
@Injectable()
export class AccountHubEventHandlers implements EventHandlers<Tx> {
  constructor(private readonly db: PhoneSystemDatabase) {}

  transaction<T>(event: AnyEventEnvelope, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (event.tenantId) return this.db.transaction(event.tenantId, (tx) => work(tx));
    // Events about no tenant (a replay's end marker): a system path.
    return this.db.unscoped.$transaction((tx) => work(tx));
  }

  async apply(tx: Tx, event: AnyEventEnvelope): Promise<void> {
    switch (event.type) {
      case 'account-hub.tenant.created':
      case 'account-hub.tenant.updated':
      case 'account-hub.subscription.created':
      case 'account-hub.subscription.deleted':
        return this.tenant(tx, event.data.tenant);
      case 'account-hub.user.created':
      case 'account-hub.user.updated':
      case 'account-hub.user.enabled':
      case 'account-hub.user.disabled':
        return this.user(tx, event.tenantId as string, event.data.user);
      case 'account-hub.user.deleted':
        return this.userDeleted(tx, event.tenantId as string, event.data.user);
      case 'account-hub.replay.completed':
      case 'account-hub.role.created':
      case 'account-hub.role.updated':
      case 'account-hub.role.deleted':
        return;
    }
  }

  /**
   * After a replay the read model knows every user the Account Hub has. Users it still does not
   * know — placeholders made before the read model existed, and users that contacts, number
   * routes or receptionists name but nobody ever told of — were deleted: the rule applies to them.
   */
  async replayCompleted(tx: Tx): Promise<void> {
    for (const { tenantId, userId } of await unknownUsers(tx)) {
      await tx.user.upsert({
        where: { id: userId },
        create: {
          id: userId,
          tenantId,
          email: '',
          firstName: '',
          lastName: '',
          enabled: false,
          admin: false,
          roles: [],
          revision: 0,
          deletedAt: new Date(),
        },
        update: { enabled: false, deletedAt: new Date() },
      });
      await applyUserDeletion(tx, tenantId, userId);
    }
  }

  private async tenant(tx: Tx, tenant: AccountHubTenant): Promise<void> {
    const data = { name: tenant.name, timezone: tenant.timezone, products: tenant.products, revision: tenant.revision };
    const held = await tx.tenant.findUnique({ where: { id: tenant.id }, select: { revision: true } });
    if (!held) await tx.tenant.create({ data: { id: tenant.id, ...data } });
    else if (held.revision < tenant.revision) await tx.tenant.update({ where: { id: tenant.id }, data });
  }

  private async user(tx: Tx, tenantId: string, user: AccountHubUser): Promise<void> {
    const data = {
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      jobTitle: user.jobTitle,
      enabled: user.enabled,
      admin: user.roles.some((role) => role.builtIn && ADMIN_ROLES.includes(role.name)),
      roles: user.roles.map((role) => role.name).sort(),
      revision: user.revision,
      deletedAt: null,
    };
    const held = await tx.user.findUnique({ where: { id: user.id }, select: { revision: true } });
    if (!held) {
      await tx.user.create({ data: { id: user.id, tenantId, ...data, settings: { create: { tenantId } } } });
      return;
    }
    if (held.revision >= user.revision) return;
    await tx.user.update({ where: { id: user.id }, data });
    await tx.userSettings.upsert({ where: { userId: user.id }, create: { userId: user.id, tenantId }, update: {} });
  }

  private async userDeleted(tx: Tx, tenantId: string, user: { id: string; revision: number }): Promise<void> {
    const held = await tx.user.findUnique({ where: { id: user.id }, select: { revision: true, deletedAt: true } });
    if (held && (held.revision >= user.revision || held.deletedAt)) return;
    // The tombstone keeps the name it had, for the history (calls) that still names the user.
    const tombstone = { enabled: false, revision: user.revision, deletedAt: new Date() };
    if (held) await tx.user.update({ where: { id: user.id }, data: tombstone });
    else
      await tx.user.create({
        data: { id: user.id, tenantId, email: '', firstName: '', lastName: '', admin: false, roles: [], ...tombstone },
      });
    await applyUserDeletion(tx, tenantId, user.id);
  }
}
