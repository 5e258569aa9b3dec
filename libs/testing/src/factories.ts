import { randomUUID } from 'node:crypto';
import { BUILT_IN_ROLES, BuiltInRole, PRODUCTS, ProductName, generateApiKey, hashApiKey } from '@diallink/auth';
import { PrismaClient } from '@diallink/db';
import { testSecrets } from './test-secrets';

export interface SeededUser {
  tenantId: string;
  userId: string;
  email: string;
  /** A working API key of this user, made with the run's test pepper. */
  apiKey: string;
  apiKeyId: string;
}

/** Test data straight into the Account Hub's tables, for services whose tests need callers. */
export class AccountFactory {
  constructor(private readonly prisma: PrismaClient) {}

  /** A tenant with its built-in roles, subscriptions (all products by default) and one user of `role`. */
  async tenant(options: { role?: BuiltInRole; products?: readonly ProductName[]; name?: string } = {}): Promise<SeededUser> {
    const tenant = await this.prisma.tenant.create({ data: { name: options.name ?? `Tenant ${randomUUID().slice(0, 8)}` } });
    await this.prisma.role.createMany({
      data: BUILT_IN_ROLES.map((name) => ({ tenantId: tenant.id, name, builtIn: true, permissions: [] })),
    });
    await this.prisma.subscription.createMany({
      data: (options.products ?? PRODUCTS).map((product) => ({ tenantId: tenant.id, product })),
    });
    return this.user(tenant.id, options.role ?? 'owner');
  }

  /** Another user of `tenantId` with a built-in role and an API key. */
  async user(tenantId: string, role: BuiltInRole, fields: { firstName?: string; lastName?: string } = {}): Promise<SeededUser> {
    const roleRow = await this.prisma.role.findUniqueOrThrow({ where: { tenantId_name: { tenantId, name: role } } });
    const email = `${role}-${randomUUID()}@example.test`;
    const user = await this.prisma.user.create({
      data: {
        tenantId,
        email,
        // Not a usable password hash: factory users authenticate with their API key.
        passwordHash: '!',
        firstName: fields.firstName ?? role,
        lastName: fields.lastName ?? 'Tester',
        roles: { create: { tenantId, roleId: roleRow.id } },
      },
    });
    const apiKey = generateApiKey();
    const key = await this.prisma.apiKey.create({
      data: {
        tenantId,
        userId: user.id,
        name: `${role} key`,
        keyHash: hashApiKey(apiKey, testSecrets().API_KEY_PEPPER),
        lastFour: apiKey.slice(-4),
        expiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      },
    });
    return { tenantId, userId: user.id, email, apiKey, apiKeyId: key.id };
  }
}
