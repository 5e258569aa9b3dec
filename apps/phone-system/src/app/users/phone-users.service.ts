import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import { NotFoundError } from '@diallink/common';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { PhoneSystemDatabase, Prisma } from '../database';
import { PhoneUserPatchRequest, PhoneUserResponse } from './dto/phone-user.dto';

const WITH_SETTINGS = { settings: true } as const;
type UserWithSettings = Prisma.UserGetPayload<{ include: typeof WITH_SETTINGS }>;

/** The users a caller sees: enabled ones (a disabled or deleted user is not listed). */
const LISTED = { enabled: true, deletedAt: null } as const;

function toResponse(user: UserWithSettings): PhoneUserResponse {
  return {
    id: user.id,
    status: { status: user.settings?.presence ?? 'OFFLINE' },
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: user.jobTitle,
    admin: user.admin,
    parallelCallsEnabled: user.settings?.parallelCallsEnabled ?? false,
  };
}

/**
 * The tenant's enabled users as the Phone System sees them: its read model of the Account
 * Hub's users (kept by events, see ../events) with this service's presence and call settings.
 * Only settings are written here; reading never writes.
 */
@Injectable()
export class PhoneUsersService {
  constructor(private readonly db: PhoneSystemDatabase) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<PhoneUserResponse>> {
    const users = this.db.forTenant(principal.tenantId).user;
    return paginate(
      query,
      {
        findMany: (args) => users.findMany({ ...args, include: WITH_SETTINGS }).then((rows) => rows.map(toResponse)),
        count: (args) => users.count(args),
      },
      { where: LISTED },
    );
  }

  async get(principal: Principal, id: string): Promise<PhoneUserResponse> {
    return toResponse(await this.find(principal.tenantId, id));
  }

  async update(principal: Principal, id: string, patch: PhoneUserPatchRequest): Promise<PhoneUserResponse> {
    const user = await this.find(principal.tenantId, id);
    const changes = { presence: patch.status?.status, parallelCallsEnabled: patch.parallelCallsEnabled };
    await this.db.forTenant(principal.tenantId).userSettings.upsert({
      where: { userId: user.id },
      create: { userId: user.id, tenantId: principal.tenantId, ...changes },
      update: changes,
    });
    return this.get(principal, id);
  }

  private async find(tenantId: string, id: string): Promise<UserWithSettings> {
    const user = await this.db.forTenant(tenantId).user.findFirst({ where: { id, ...LISTED }, include: WITH_SETTINGS });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }
}
