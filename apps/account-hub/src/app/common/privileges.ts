import { ForbiddenError } from '@diallink/common';
import { Principal, effectivePermissions } from '@diallink/auth';

/**
 * The one rule of every change to a user (set credentials or email, enable or disable, change
 * roles, delete): nobody changes a user who holds a permission they lack. Whoever could would
 * gain access to that permission (set the password, log in as them). Yourself you may change.
 */
export function mayChange(
  principal: Principal,
  user: { id: string; roles: { role: { name: string; builtIn: boolean; permissions: string[] } }[] },
): void {
  if (user.id === principal.userId) return;
  const held = new Set<string>(principal.permissions);
  const beyond = effectivePermissions(user.roles.map(({ role }) => role)).filter((permission) => !held.has(permission));
  if (beyond.length > 0) {
    throw new ForbiddenError(`You cannot change a user who holds permissions you do not have (${beyond.join(', ')}).`);
  }
}
