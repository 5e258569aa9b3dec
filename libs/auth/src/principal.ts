import type { Permission, ProductName } from './permissions';

/** Who is calling: the user (directly with a token, or through one of their API keys). */
export interface Principal {
  userId: string;
  tenantId: string;
  email: string;
  roles: { id: string; name: string }[];
  /** Effective permissions, as the user's roles grant them now. */
  permissions: Permission[];
  /** Products the tenant subscribes to. */
  products: ProductName[];
  /** How the caller authenticated; an API key's id when by key. */
  credential: { type: 'api-key'; apiKeyId: string } | { type: 'bearer' };
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.includes(permission);
}
