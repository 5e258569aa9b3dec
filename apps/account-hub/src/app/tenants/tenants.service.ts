import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError } from '@diallink/common';
import { ACCOUNT_HUB_OPTIONS, AccountHubOptions } from '../common/account-hub-options';
import { AccountHubDatabase } from '../database';
import { AccountChanges } from '../events/account-changes';
import { SignUpRequest, SignUpResponse, TenantPatchRequest, TenantResponse, toTenantResponse } from './dto/tenant.dto';
import { createTenantWithOwner } from './tenant-setup';

@Injectable()
export class TenantsService {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly changes: AccountChanges,
    @Inject(ACCOUNT_HUB_OPTIONS) private readonly options: AccountHubOptions,
  ) {}

  async signUp(input: SignUpRequest): Promise<SignUpResponse> {
    if (!this.options.signupEnabled) throw new ForbiddenError('Sign-up is closed on this installation.');
    const email = input.email.toLowerCase();
    // Emails are unique across tenants (login is by email alone): a system path.
    if (await this.db.unscoped.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError('A user with this email already exists.', [
        { field: 'email', message: 'already registered' },
      ]);
    }
    const tenantId = randomUUID();
    const { tenant, user } = await this.changes.apply(tenantId, (tx, changes) =>
      createTenantWithOwner(tx, changes, tenantId, { ...input, email }),
    );
    return {
      tenant: toTenantResponse(tenant),
      owner: { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName },
    };
  }

  async current(tenantId: string): Promise<TenantResponse> {
    return toTenantResponse(await this.db.forTenant(tenantId).tenant.findUniqueOrThrow({ where: { id: tenantId } }));
  }

  async update(tenantId: string, patch: TenantPatchRequest): Promise<TenantResponse> {
    await this.changes.apply(tenantId, async (tx, changes) => {
      await tx.tenant.update({ where: { id: tenantId }, data: patch });
      changes.tenant('updated');
    });
    return this.current(tenantId);
  }
}
