import { defineListQuery, fullNameFilter } from '@diallink/query';
import { PresenceStatus } from '../database';

/** GET /users: the read model's users (see ../events) with this service's settings. */
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
      path: ['settings', 'presence'],
      sortable: true,
      description: 'Presence: ONLINE, OFFLINE, BUSY, AWAY or DO_NOT_DISTURB.',
    },
    parallelCallsEnabled: { type: 'boolean', path: ['settings', 'parallelCallsEnabled'], sortable: true },
    admin: { type: 'boolean', sortable: true, description: 'Holds the owner or admin role.' },
  },
  tiebreaker: 'id',
});
