import { FilterConditionError, defineListQuery, fullNameFilter } from '@diallink/query';
import { PresenceStatus } from '@diallink/db';

/** Roles whose holders the reference calls `admin`. */
export const ADMIN_ROLES = ['owner', 'admin'];

const holdsAdminRole = { roles: { some: { role: { builtIn: true, name: { in: ADMIN_ROLES } } } } };

/** GET /users: Account Hub users with their phone settings (rows exist for every listed user). */
export const PHONE_USER_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    email: { type: 'string', sortable: true },
    firstName: { type: 'string', sortable: true },
    lastName: { type: 'string', sortable: true },
    fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
    jobTitle: { type: 'string', sortable: true, nullable: true },
    status: {
      type: 'enum',
      values: Object.values(PresenceStatus),
      path: ['phoneSettings', 'presence'],
      sortable: true,
      description: 'Presence: ONLINE, OFFLINE, BUSY, AWAY or DO_NOT_DISTURB.',
    },
    parallelCallsEnabled: { type: 'boolean', path: ['phoneSettings', 'parallelCallsEnabled'], sortable: true },
    admin: {
      type: 'boolean',
      description: 'Holds the owner or admin role.',
      where: {
        operators: ['eq', 'neq'],
        build: ({ operator, values }) => {
          if (typeof values[0] !== 'boolean') throw new FilterConditionError('admin is true or false');
          const wantsAdmin = (operator === 'eq') === values[0];
          return wantsAdmin ? holdsAdminRole : { NOT: holdsAdminRole };
        },
      },
    },
  },
  tiebreaker: 'id',
});
