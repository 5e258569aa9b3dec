import { PRODUCTS, Permission, ProductName, SERVICES } from '@diallink/registry';

/**
 * The permission catalogue: `<service>:<resource>:read|write` for every resource a service
 * declares in its `service.json` (`Permission` is that union, so a typo fails to compile).
 * Built-in roles are defined here, so a change to the catalogue reaches every tenant's owner,
 * admin, member and viewer at once.
 */
export { PRODUCTS };
export type { Permission, ProductName };

export interface PermissionInfo {
  name: Permission;
  service: string;
  resource: string;
  access: 'read' | 'write';
  description: string;
}

export const PERMISSIONS: readonly PermissionInfo[] = SERVICES.flatMap(({ name: service, resources }) =>
  (resources as readonly string[]).flatMap((resource) =>
    (['read', 'write'] as const).map((access) => ({
      name: `${service}:${resource}:${access}` as Permission,
      service,
      resource,
      access,
      description: `${access === 'read' ? 'See' : 'Create, change and delete'} ${resource.replace(/-/g, ' ')} in ${service}`,
    })),
  ),
);

export const PERMISSION_NAMES: ReadonlySet<string> = new Set(PERMISSIONS.map((p) => p.name));

export const BUILT_IN_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const ALL = PERMISSIONS.map((p) => p.name);
const READS = PERMISSIONS.filter((p) => p.access === 'read').map((p) => p.name);
/** Tenant-wide settings only owners change: who belongs, what is bought. */
const OWNER_ONLY = new Set<Permission>(['account-hub:subscriptions:write', 'account-hub:tenant:write']);
/** Administration a member does not do. */
const ADMIN_ONLY = new Set<Permission>([
  'account-hub:users:write',
  'account-hub:roles:write',
  'account-hub:api-keys:write',
]);

export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRole, readonly Permission[]> = {
  owner: ALL,
  admin: ALL.filter((p) => !OWNER_ONLY.has(p)),
  member: ALL.filter((p) => !OWNER_ONLY.has(p) && !ADMIN_ONLY.has(p)),
  viewer: READS,
};

export const BUILT_IN_ROLE_DESCRIPTIONS: Record<BuiltInRole, string> = {
  owner: 'Everything, including the tenant’s settings and subscriptions.',
  admin: 'Everything but the tenant’s settings and subscriptions: manages users, roles and every API key.',
  member: 'Reads everything and works with the products; manages only their own API keys.',
  viewer: 'View-only: every read permission, no write.',
};

export function isBuiltInRole(name: string): name is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(name);
}

/** The union of what a user's roles grant. */
export function effectivePermissions(
  roles: { name: string; builtIn: boolean; permissions: readonly string[] }[],
): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    const permissions =
      role.builtIn && isBuiltInRole(role.name) ? BUILT_IN_ROLE_PERMISSIONS[role.name] : role.permissions;
    for (const permission of permissions) if (isPermission(permission)) granted.add(permission);
  }
  return [...granted].sort();
}

export function isPermission(name: string): name is Permission {
  return PERMISSION_NAMES.has(name);
}
