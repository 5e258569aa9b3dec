import { defineListQuery } from '@diallink/query';

export const ROLE_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    name: { type: 'string', sortable: true },
    builtIn: { type: 'boolean', sortable: true },
    createdAt: { type: 'date', sortable: true },
    updatedAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});
