import { Injectable } from '@nestjs/common';
import { PERMISSION_NAMES, Principal, effectivePermissions, isBuiltInRole } from '@diallink/auth';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '@diallink/common';
import { AccountHubDatabase, Prisma, Tx } from '../database';
import { ChangeLog, AccountChanges } from '../events/account-changes';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { RolePatchRequest, RoleRequest, RoleResponse } from './dto/role.dto';

type Role = Prisma.RoleGetPayload<object>;

function toRoleResponse(role: Role): RoleResponse {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    permissions: effectivePermissions([role]),
    createdAt: role.createdAt,
    updatedAt: role.updatedAt,
  };
}

/** Built-in roles are read-only; custom roles hold catalogue permissions the caller holds too. */
@Injectable()
export class RolesService {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly changes: AccountChanges,
  ) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<RoleResponse>> {
    const roles = this.db.forTenant(principal.tenantId).role;
    return paginate(query, {
      findMany: (args) => roles.findMany(args).then((rows) => rows.map(toRoleResponse)),
      count: (args) => roles.count(args),
    });
  }

  async get(principal: Principal, id: string): Promise<RoleResponse> {
    return toRoleResponse(await this.find(principal.tenantId, id));
  }

  async create(principal: Principal, input: RoleRequest): Promise<RoleResponse> {
    this.checkName(input.name);
    const permissions = this.checkPermissions(principal, input.permissions);
    const role = await this.changes.apply(principal.tenantId, async (tx, changes) => {
      const created = await tx.role.create({
        data: {
          tenantId: principal.tenantId,
          name: input.name,
          description: input.description ?? null,
          permissions,
        },
      });
      changes.role('created', created);
      return created;
    });
    return toRoleResponse(role);
  }

  replace(principal: Principal, id: string, input: RoleRequest): Promise<RoleResponse> {
    return this.change(principal, id, { ...input, description: input.description ?? null });
  }

  patch(principal: Principal, id: string, input: RolePatchRequest): Promise<RoleResponse> {
    return this.change(principal, id, input);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.changes.apply(principal.tenantId, async (tx, changes) => {
      const role = await this.find(principal.tenantId, id, tx);
      if (role.builtIn) throw new ConflictError(`The built-in role ${role.name} cannot be deleted.`);
      this.checkPermissions(principal, role.permissions);
      await this.holdersChange(tx, changes, role.id);
      await tx.role.delete({ where: { id: role.id } });
      changes.role('deleted', role);
    });
  }

  private async change(principal: Principal, id: string, input: RolePatchRequest): Promise<RoleResponse> {
    return this.changes.apply(principal.tenantId, async (tx, changes) => {
      const role = await this.find(principal.tenantId, id, tx);
      if (role.builtIn) throw new ConflictError(`The built-in role ${role.name} is read-only.`);
      if (input.name !== undefined) this.checkName(input.name);
      // Changing a role's permissions grants (or takes) them from everyone who holds it.
      this.checkPermissions(principal, role.permissions);
      const permissions =
        input.permissions === undefined ? undefined : this.checkPermissions(principal, input.permissions);
      const updated = await tx.role.update({
        where: { id: role.id },
        data: { name: input.name, description: input.description, permissions },
      });
      changes.role('updated', updated);
      // Users' events name their roles: a rename changes what holders look like.
      if (updated.name !== role.name) await this.holdersChange(tx, changes, role.id);
      return toRoleResponse(updated);
    });
  }

  /** Every holder of the role is reported as updated (their roles change with it). */
  private async holdersChange(tx: Tx, changes: ChangeLog, roleId: string): Promise<void> {
    const holders = await tx.userRole.findMany({ where: { roleId }, select: { userId: true } });
    for (const { userId } of holders) changes.user(userId, 'updated');
  }

  private async find(tenantId: string, id: string, tx?: Tx): Promise<Role> {
    const role = await (tx ?? this.db.forTenant(tenantId)).role.findFirst({ where: { id } });
    if (!role) throw new NotFoundError('Role', id);
    return role;
  }

  private checkName(name: string): void {
    if (isBuiltInRole(name.toLowerCase())) {
      throw new ConflictError(`${name} is the name of a built-in role.`, [{ field: 'name', message: 'reserved' }]);
    }
  }

  private checkPermissions(principal: Principal, permissions: string[]): string[] {
    const unknown = permissions.filter((permission) => !PERMISSION_NAMES.has(permission));
    if (unknown.length > 0) {
      throw new BadRequestError(
        `Unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. See GET /permissions.`,
        [{ field: 'permissions', message: `not in the catalogue: ${unknown.join(', ')}` }],
      );
    }
    const held = new Set<string>(principal.permissions);
    const beyond = permissions.filter((permission) => !held.has(permission));
    if (beyond.length > 0)
      throw new ForbiddenError(`You cannot grant permissions you do not hold: ${beyond.join(', ')}.`);
    return [...new Set(permissions)].sort();
  }
}
