import { BUILT_IN_ROLES, BUILT_IN_ROLE_DESCRIPTIONS, PRODUCTS } from '@diallink/auth';
import { hashPassword } from '../common/passwords';
import { Tx } from '../database';
import { ChangeLog } from '../events/account-changes';

export interface NewTenant {
  companyName: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * A tenant as sign-up and the first start create it: its four built-in roles, its owner, and a
 * subscription to every product, reported as `tenant.created` and `user.created`. Runs inside
 * the caller's change (`AccountChanges.apply` on the new tenant's id).
 */
export async function createTenantWithOwner(tx: Tx, changes: ChangeLog, tenantId: string, input: NewTenant) {
  const passwordHash = await hashPassword(input.password);
  const tenant = await tx.tenant.create({ data: { id: tenantId, name: input.companyName } });
  await tx.role.createMany({
    data: BUILT_IN_ROLES.map((name) => ({
      tenantId: tenant.id,
      name,
      builtIn: true,
      description: BUILT_IN_ROLE_DESCRIPTIONS[name],
      permissions: [],
    })),
  });
  const owner = await tx.role.findUniqueOrThrow({ where: { tenantId_name: { tenantId: tenant.id, name: 'owner' } } });
  const user = await tx.user.create({
    data: {
      tenantId: tenant.id,
      email: input.email.toLowerCase(),
      passwordHash,
      firstName: input.firstName,
      lastName: input.lastName,
      roles: { create: { tenantId: tenant.id, roleId: owner.id } },
    },
  });
  await tx.subscription.createMany({ data: PRODUCTS.map((product) => ({ tenantId: tenant.id, product })) });
  changes.tenant('created');
  changes.user(user.id, 'created');
  return { tenant, user };
}
