import { defineListQuery } from '@diallink/query';

/** What GET /auto-receptionists filters and sorts by. */
export const AUTO_RECEPTIONIST_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    name: { type: 'string', sortable: true },
    timezone: { type: 'string', sortable: true, description: 'IANA time zone, e.g. Europe/Berlin.' },
    createdAt: { type: 'date', sortable: true },
    updatedAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});
