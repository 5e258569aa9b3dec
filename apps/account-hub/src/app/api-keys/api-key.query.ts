import { defineListQuery } from '@diallink/query';

/** GET /api-keys filters by id and name, as the reference lists; sorts by those and the dates. */
export const API_KEY_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    name: { type: 'string', sortable: true },
    enabled: { type: 'boolean', sortable: true },
    expiresAt: { type: 'date', sortable: true },
    createdAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});
