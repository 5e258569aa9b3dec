import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError } from '@diallink/common';
import { PrismaService } from '@diallink/db';
import { ACCOUNT_HUB_OPTIONS, AccountHubOptions } from '../common/account-hub-options';
import { SignUpRequest, SignUpResponse, TenantPatchRequest, TenantResponse, toTenantResponse } from './dto/tenant.dto';
import { createTenant } from './tenant-setup';

@Injectable()
export class TenantsService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(ACCOUNT_HUB_OPTIONS) private readonly options: AccountHubOptions,
  ) {}

  async signUp(input: SignUpRequest): Promise<SignUpResponse> {
    if (!this.options.signupEnabled) throw new ForbiddenError('Sign-up is closed on this installation.');
    const email = input.email.toLowerCase();
    if (await this.prisma.client.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError('A user with this email already exists.', [{ field: 'email', message: 'already registered' }]);
    }
    const { tenant, user } = await createTenant(this.prisma.client, { ...input, email });
    return {
      tenant: toTenantResponse(tenant),
      owner: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName },
    };
  }

  async current(tenantId: string): Promise<TenantResponse> {
    return toTenantResponse(await this.prisma.client.tenant.findUniqueOrThrow({ where: { id: tenantId } }));
  }

  async update(tenantId: string, patch: TenantPatchRequest): Promise<TenantResponse> {
    return toTenantResponse(await this.prisma.client.tenant.update({ where: { id: tenantId }, data: patch }));
  }
}
