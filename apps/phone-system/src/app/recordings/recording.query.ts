import { PrismaOrderBy, defineListQuery } from '@diallink/query';

/** GET /recordings. */
export const RECORDING_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    callId: { type: 'uuid', nullable: true },
    contentType: { type: 'string', sortable: true, description: 'e.g. audio/mpeg.' },
    sizeBytes: { type: 'bigint', sortable: true },
    sha256: { type: 'string' },
    durationSeconds: { type: 'integer', sortable: true, nullable: true },
    createdAt: {
      type: 'date',
      sortable: true,
      description: 'A range: `?createdAt=btn::2026-01-01,2026-01-31` (whole days).',
    },
  },
  tiebreaker: 'id',
});

/** Without `sort`, the newest recordings first. */
export const DEFAULT_RECORDING_ORDER: PrismaOrderBy[] = [{ createdAt: 'desc' }, { id: 'desc' }];
