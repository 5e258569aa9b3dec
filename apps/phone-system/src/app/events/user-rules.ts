import { ActionDoc, MenuDoc } from '../auto-receptionists/auto-receptionist.model';
import { userIdsIn, withoutUser } from '../auto-receptionists/user-references';
import { Prisma, Tx } from '../database';

/**
 * What the Phone System does with what refers to a user the Account Hub deleted (the rule is
 * written out in ./README.md). Nothing is deleted that the tenant would want to keep, and
 * nothing is left pointing at nobody:
 * - their contacts are kept, shared and owned by nobody;
 * - phone numbers that rang them become unassigned;
 * - auto-receptionist options that rang them, or took their voicemail, take the general voicemail;
 * - calls keep their `userId`: history, and the user's tombstone still resolves it.
 */
export async function applyUserDeletion(tx: Tx, tenantId: string, userId: string): Promise<void> {
  await tx.contact.updateMany({ where: { tenantId, ownerId: userId }, data: { ownerId: null, shared: true } });
  await tx.phoneNumber.updateMany({
    where: { tenantId, routeType: 'USER', routeTargetId: userId },
    data: { routeType: 'UNASSIGNED', routeTargetId: null },
  });
  const receptionists = await tx.autoReceptionist.findMany({
    where: { tenantId },
    select: { id: true, menu: true, afterHours: true },
  });
  for (const receptionist of receptionists) {
    const docs = {
      menu: receptionist.menu as unknown as MenuDoc,
      afterHours: receptionist.afterHours as unknown as ActionDoc,
    };
    const { menu, afterHours, changed } = withoutUser(docs, userId);
    if (changed) {
      await tx.autoReceptionist.update({
        where: { id: receptionist.id },
        data: {
          menu: menu as unknown as Prisma.InputJsonValue,
          afterHours: afterHours as unknown as Prisma.InputJsonValue,
        },
      });
    }
  }
}

/**
 * Users this service refers to (or holds a placeholder of) that its read model does not know as
 * told by the Account Hub: after a replay, these are users deleted before anyone told us.
 */
export async function unknownUsers(tx: Tx): Promise<{ tenantId: string; userId: string }[]> {
  const found = new Map<string, string>();
  const placeholders = await tx.user.findMany({
    where: { revision: 0, deletedAt: null },
    select: { id: true, tenantId: true },
  });
  for (const user of placeholders) found.set(user.id, user.tenantId);
  const owners = await tx.contact.findMany({
    where: { ownerId: { not: null } },
    distinct: ['ownerId'],
    select: { ownerId: true, tenantId: true },
  });
  for (const contact of owners) if (contact.ownerId) found.set(contact.ownerId, contact.tenantId);
  const routes = await tx.phoneNumber.findMany({
    where: { routeType: 'USER', routeTargetId: { not: null } },
    select: { routeTargetId: true, tenantId: true },
  });
  for (const route of routes) if (route.routeTargetId) found.set(route.routeTargetId, route.tenantId);
  const receptionists = await tx.autoReceptionist.findMany({
    select: { tenantId: true, menu: true, afterHours: true },
  });
  for (const receptionist of receptionists) {
    const docs = {
      menu: receptionist.menu as unknown as MenuDoc,
      afterHours: receptionist.afterHours as unknown as ActionDoc,
    };
    for (const id of userIdsIn(docs)) found.set(id, receptionist.tenantId);
  }
  const known = await tx.user.findMany({
    where: { id: { in: [...found.keys()] }, OR: [{ revision: { gt: 0 } }, { deletedAt: { not: null } }] },
    select: { id: true },
  });
  for (const { id } of known) found.delete(id);
  return [...found].map(([userId, tenantId]) => ({ tenantId, userId }));
}
