import { Injectable } from '@nestjs/common';
import { ReplaySource, publishEvent } from '@diallink/events';
import { AccountHubDatabase } from '../database';
import { tenantSnapshot, userSnapshot } from './snapshots';

const BATCH = 100;

/**
 * A replay of the Account Hub to one consumer: every tenant (`tenant.updated`) and every user
 * (`user.updated`) as they are now, addressed to that consumer only, a tenant per transaction;
 * then `account-hub.replay.completed`. Deleted users are not in it: a consumer treats what it
 * holds of users the replay did not mention as it treats a deleted user.
 */
@Injectable()
export class AccountHubReplaySource implements ReplaySource {
  constructor(private readonly db: AccountHubDatabase) {}

  async snapshot(consumer: string): Promise<void> {
    let after: string | undefined;
    for (;;) {
      // The replay reads every tenant: a system path.
      const tenants = await this.db.unscoped.tenant.findMany({
        select: { id: true },
        orderBy: { id: 'asc' },
        take: BATCH,
        ...(after ? { where: { id: { gt: after } } } : {}),
      });
      for (const { id: tenantId } of tenants) {
        await this.db.transaction(tenantId, async (tx) => {
          await publishEvent(
            tx,
            { type: 'account-hub.tenant.updated', tenantId, data: { tenant: await tenantSnapshot(tx, tenantId) } },
            { target: consumer },
          );
          const users = await tx.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
          for (const { id } of users) {
            await publishEvent(
              tx,
              { type: 'account-hub.user.updated', tenantId, data: { user: await userSnapshot(tx, id) } },
              { target: consumer },
            );
          }
        });
      }
      if (tenants.length < BATCH) return;
      after = tenants[tenants.length - 1].id;
    }
  }

  async completed(consumer: string, requestId: string): Promise<void> {
    await this.db.unscoped.$transaction((tx) =>
      publishEvent(
        tx,
        { type: 'account-hub.replay.completed', tenantId: null, data: { requestId } },
        { target: consumer },
      ),
    );
  }
}
