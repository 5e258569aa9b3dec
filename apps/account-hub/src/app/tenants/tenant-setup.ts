import { BUILT_IN_ROLES, BUILT_IN_ROLE_DESCRIPTIONS, PRODUCTS } from '@diallink/auth';
import { Prisma, PrismaClient } from '@diallink/db';
import { hashPassword } from '../common/passwords';

export interface NewTenant {
  companyName: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

type Transaction = Prisma.TransactionClient;

/**
 * A tenant as sign-up and the first start create it: its four built-in roles, its owner, and a
 * subscription to every product. Runs inside the caller's transaction.
 */
export async function createTenantWithOwner(tx: Transaction, input: NewTenant) {
  const passwordHash = await hashPassword(input.password);
  const tenant = await tx.tenant.create({ data: { name: input.companyName } });
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
  return { tenant, user };
}

/** `createTenantWithOwner` in a transaction of its own. */
export function createTenant(client: PrismaClient, input: NewTenant) {
  return client.$transaction((tx) => createTenantWithOwner(tx, input));
}
