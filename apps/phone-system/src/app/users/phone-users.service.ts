import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import { NotFoundError } from '@diallink/common';
import { Prisma, PrismaService } from '@diallink/db';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { PhoneUserPatchRequest, PhoneUserResponse } from './dto/phone-user.dto';
import { ADMIN_ROLES } from './phone-user.query';

const WITH_SETTINGS = {
  phoneSettings: true,
  roles: { select: { role: { select: { name: true, builtIn: true } } } },
} as const;
type UserWithSettings = Prisma.UserGetPayload<{ include: typeof WITH_SETTINGS }>;

function toResponse(user: UserWithSettings): PhoneUserResponse {
  return {
    id: user.id,
    status: { status: user.phoneSettings?.presence ?? 'OFFLINE' },
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: user.jobTitle,
    admin: user.roles.some(({ role }) => role.builtIn && ADMIN_ROLES.includes(role.name)),
    parallelCallsEnabled: user.phoneSettings?.parallelCallsEnabled ?? false,
  };
}

/**
 * The tenant's enabled users as the Phone System sees them: the Account Hub's people with this
 * service's presence and call settings. Users are the Account Hub's; only settings are written here.
 */
@Injectable()
export class PhoneUsersService {
  constructor(private readonly prisma: PrismaService) {}

  async list(principal: Principal, query: ParsedListQuery): Promise<Page<PhoneUserResponse>> {
    await this.ensureSettings(principal.tenantId);
    const users = this.prisma.forTenant(principal.tenantId).user;
    return paginate(
      query,
      {
        findMany: (args) => users.findMany({ ...args, include: WITH_SETTINGS }).then((rows) => rows.map(toResponse)),
        count: (args) => users.count(args),
      },
      { where: { enabled: true } },
    );
  }

  async get(principal: Principal, id: string): Promise<PhoneUserResponse> {
    return toResponse(await this.find(principal.tenantId, id));
  }

  async update(principal: Principal, id: string, patch: PhoneUserPatchRequest): Promise<PhoneUserResponse> {
    const user = await this.find(principal.tenantId, id);
    const changes = { presence: patch.status?.status, parallelCallsEnabled: patch.parallelCallsEnabled };
    await this.prisma.client.phoneUserSettings.upsert({
      where: { userId: user.id },
      create: { userId: user.id, tenantId: principal.tenantId, ...changes },
      update: changes,
    });
    return this.get(principal, id);
  }

  private async find(tenantId: string, id: string): Promise<UserWithSettings> {
    const user = await this.prisma.client.user.findFirst({ where: { id, tenantId, enabled: true }, include: WITH_SETTINGS });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Users made in the Account Hub since the last look get their default settings, so filters see them. */
  private async ensureSettings(tenantId: string): Promise<void> {
    await this.prisma.client.$executeRaw`
      INSERT INTO phone_user_settings (user_id, tenant_id, updated_at)
      SELECT u.id, u.tenant_id, now() FROM users u
      WHERE u.tenant_id = ${tenantId}::uuid
        AND NOT EXISTS (SELECT 1 FROM phone_user_settings s WHERE s.user_id = u.id)
      ON CONFLICT (user_id) DO NOTHING`;
  }
}
