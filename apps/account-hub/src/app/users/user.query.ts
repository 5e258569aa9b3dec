import { defineListQuery, fullNameFilter } from '@diallink/query';

/** What GET /users filters and sorts by. */
export const USER_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    email: { type: 'string', sortable: true },
    firstName: { type: 'string', sortable: true },
    lastName: { type: 'string', sortable: true },
    fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
    jobTitle: { type: 'string', sortable: true, nullable: true },
    enabled: { type: 'boolean', sortable: true },
    'roles.name': { type: 'string', path: ['roles', 'role', 'name'], list: ['roles'] },
    createdAt: { type: 'date', sortable: true },
    updatedAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});
