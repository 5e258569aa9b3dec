import type { AccountHubRole, AccountHubTenant, AccountHubUser } from '@diallink/registry';
import { effectivePermissions } from '@diallink/auth';
import { Tx } from '../database';

/**
 * What the Account Hub's events say of a tenant, user or role: their state after the change,
 * read inside the change's transaction.
 */
export async function tenantSnapshot(tx: Tx, tenantId: string): Promise<AccountHubTenant> {
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    include: { subscriptions: { select: { product: true } } },
  });
  return {
    id: tenant.id,
    name: tenant.name,
    timezone: tenant.timezone,
    locale: tenant.locale,
    products: tenant.subscriptions.map((s) => s.product).sort(),
    revision: tenant.revision,
  };
}

export async function userSnapshot(tx: Tx, userId: string): Promise<AccountHubUser> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    include: { roles: { include: { role: { select: { id: true, name: true, builtIn: true } } } } },
  });
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: user.jobTitle,
    enabled: user.enabled,
    roles: user.roles.map(({ role }) => role).sort((a, b) => a.name.localeCompare(b.name)),
    revision: user.revision,
  };
}

export function roleSnapshot(role: {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: string[];
}): AccountHubRole {
  return { id: role.id, name: role.name, builtIn: role.builtIn, permissions: effectivePermissions([role]) };
}
