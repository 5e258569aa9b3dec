import { Injectable } from '@nestjs/common';
import { Principal, effectivePermissions } from '@diallink/auth';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '@diallink/common';
import { ParsedListQuery, Page, paginate } from '@diallink/query';
import { hashPassword } from '../common/passwords';
import { AccountHubDatabase, Prisma, Tx } from '../database';
import { AccountChanges } from '../events/account-changes';
import { mayChange } from '../common/privileges';
import type { RowLocks } from '@diallink/db';
import { TokenService } from '../tokens/token.service';
import { MeResponse, UserPatchRequest, UserPutRequest, UserRequest, UserResponse } from './dto/user.dto';

const WITH_ROLES = {
  roles: { include: { role: { select: { id: true, name: true, builtIn: true, permissions: true } } } },
} as const;
type UserWithRoles = Prisma.UserGetPayload<{ include: typeof WITH_ROLES }>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toUserResponse(user: UserWithRoles): UserResponse {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: user.jobTitle,
    enabled: user.enabled,
    roles: user.roles.map(({ role: { id, name } }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/**
 * The tenant's users. Who may be granted what: a caller grants only roles whose permissions
 * they hold themselves; a tenant always keeps one enabled owner. Every change that touches
 * credentials or permissions is announced to all services (see @diallink/auth).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly tokens: TokenService,
    private readonly changes: AccountChanges,
  ) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<UserResponse>> {
    const users = this.db.forTenant(principal.tenantId).user;
    return paginate(query, {
      findMany: (args) => users.findMany({ ...args, include: WITH_ROLES }).then((rows) => rows.map(toUserResponse)),
      count: (args) => users.count(args),
    });
  }

  async get(principal: Principal, id: string): Promise<UserResponse> {
    return toUserResponse(await this.find(principal.tenantId, id));
  }

  async me(principal: Principal): Promise<MeResponse> {
    const user = await this.db.forTenant(principal.tenantId).user.findUniqueOrThrow({
      where: { id: principal.userId },
      include: { ...WITH_ROLES, tenant: true },
    });
    const { id, name, timezone, locale } = user.tenant;
    return {
      user: toUserResponse(user),
      tenant: { id, name, timezone, locale },
      roles: principal.roles,
      permissions: principal.permissions,
      products: principal.products,
      authenticatedWith: principal.credential.type,
    };
  }

  async create(principal: Principal, input: UserRequest): Promise<UserResponse> {
    const passwordHash = await hashPassword(input.password);
    return this.changes.apply(principal.tenantId, async (tx, changes) => {
      const roleIds = await this.grantableRoles(tx, principal, input.roles ?? ['member']);
      const user = await tx.user.create({
        data: {
          tenantId: principal.tenantId,
          email: input.email.toLowerCase(),
          passwordHash,
          firstName: input.firstName,
          lastName: input.lastName,
          jobTitle: input.jobTitle ?? null,
          enabled: input.enabled ?? true,
          roles: { create: roleIds.map((roleId) => ({ tenantId: principal.tenantId, roleId })) },
        },
        include: WITH_ROLES,
      });
      changes.user(user.id, 'created');
      return toUserResponse(user);
    });
  }

  replace(principal: Principal, id: string, input: UserPutRequest): Promise<UserResponse> {
    return this.change(principal, id, {
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      jobTitle: input.jobTitle ?? null,
      enabled: input.enabled ?? true,
      roles: input.roles,
    });
  }

  async patch(principal: Principal, id: string, input: UserPatchRequest): Promise<UserResponse> {
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    return this.change(principal, id, { ...input, password: undefined, passwordHash });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.changes.apply(principal.tenantId, async (tx, changes, locks) => {
      const user = await this.find(principal.tenantId, id, tx);
      mayChange(principal, user);
      await this.keepAnOwner(tx, locks, principal.tenantId, user.id, { deleted: true });
      await tx.user.delete({ where: { id: user.id } });
      changes.userDeleted(user.id, user.revision);
    });
  }

  private async change(
    principal: Principal,
    id: string,
    input: Omit<UserPatchRequest, 'password'> & { password?: undefined; passwordHash?: string },
  ): Promise<UserResponse> {
    await this.changes.apply(principal.tenantId, async (tx, changes, locks) => {
      const user = await this.find(principal.tenantId, id, tx);
      mayChange(principal, user);
      const roleIds = input.roles === undefined ? undefined : await this.grantableRoles(tx, principal, input.roles);
      if (roleIds) {
        // Taking roles away is granting in reverse: only roles the caller could grant.
        await this.grantableRoles(
          tx,
          principal,
          user.roles.filter(({ role }) => !roleIds.includes(role.id)).map(({ role }) => role.id),
        );
      }
      await this.keepAnOwner(tx, locks, principal.tenantId, user.id, { enabled: input.enabled, roleIds });
      await tx.user.update({
        where: { id: user.id },
        data: {
          email: input.email?.toLowerCase(),
          firstName: input.firstName,
          lastName: input.lastName,
          jobTitle: input.jobTitle,
          enabled: input.enabled,
          passwordHash: input.passwordHash,
          ...(roleIds && {
            roles: {
              deleteMany: {},
              create: roleIds.map((roleId) => ({ tenantId: principal.tenantId, roleId })),
            },
          }),
        },
      });
      const enabledChanged = input.enabled !== undefined && input.enabled !== user.enabled;
      changes.user(user.id, enabledChanged ? (input.enabled ? 'enabled' : 'disabled') : 'updated');
    });
    if (input.enabled === false || input.passwordHash) await this.tokens.revokeUser(principal.tenantId, id);
    return this.get(principal, id);
  }

  private async find(tenantId: string, id: string, tx?: Tx): Promise<UserWithRoles> {
    const user = await (tx ?? this.db.forTenant(tenantId)).user.findFirst({ where: { id }, include: WITH_ROLES });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Role names or ids → ids of the tenant's roles, all of which the caller may grant. */
  private async grantableRoles(tx: Tx, principal: Principal, refs: string[]): Promise<string[]> {
    if (refs.length === 0) return [];
    const ids = refs.filter((ref) => UUID.test(ref));
    const names = refs.filter((ref) => !UUID.test(ref));
    const roles = await tx.role.findMany({
      where: { OR: [{ id: { in: ids } }, { name: { in: names } }] },
    });
    const unknown = refs.filter((ref) => !roles.some((role) => role.id === ref || role.name === ref));
    if (unknown.length > 0) {
      throw new BadRequestError(`Unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, [
        { field: 'roles', message: `no such role: ${unknown.join(', ')}` },
      ]);
    }
    const held = new Set(principal.permissions);
    const beyond = roles.filter((role) => effectivePermissions([role]).some((permission) => !held.has(permission)));
    if (beyond.length > 0) {
      throw new ForbiddenError(
        `You cannot grant or take away ${beyond.map((r) => r.name).join(', ')}: it holds permissions you do not have.`,
      );
    }
    return [...new Set(roles.map((role) => role.id))];
  }

  /**
   * A change that would leave the tenant without an enabled owner is refused. Changes that can
   * take an owner away take turns (a lock on the tenant's owners), so two of them at once cannot
   * both see the other owner still there.
   */
  private async keepAnOwner(
    tx: Tx,
    locks: RowLocks,
    tenantId: string,
    userId: string,
    change: { enabled?: boolean; roleIds?: string[]; deleted?: boolean },
  ): Promise<void> {
    await locks.advisory('owners');
    const owner = await tx.role.findUniqueOrThrow({ where: { tenantId_name: { tenantId, name: 'owner' } } });
    const isOwner = await tx.userRole.findUnique({ where: { userId_roleId: { userId, roleId: owner.id } } });
    const staysOwner =
      !change.deleted &&
      change.enabled !== false &&
      (change.roleIds === undefined || change.roleIds.includes(owner.id));
    if (!isOwner || staysOwner) return;
    const others = await tx.userRole.count({
      where: { roleId: owner.id, userId: { not: userId }, user: { enabled: true } },
    });
    if (others === 0) throw new ConflictError('The tenant must keep at least one enabled owner.');
  }
}
