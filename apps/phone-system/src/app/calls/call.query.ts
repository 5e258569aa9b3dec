import { CallDirection, CallStatus } from '../database';
import { CustomWhere, FilterConditionError, PrismaOrderBy, defineListQuery, escapeLike } from '@diallink/query';

/**
 * A phone number filter value: a query string decodes the `+` of `?fromNumber=+17175501675` to a
 * space, so a leading space is a `+`; and digits alone also match the number with a `+`.
 */
export function numberVariants(value: string): string[] {
  const text = value.startsWith(' ') && /^\d+$/.test(value.trim()) ? `+${value.trim()}` : value.trim();
  return /^\d+$/.test(text) ? [text, `+${text}`] : [text];
}

function numberFilter(column: 'fromNumber' | 'toNumber'): CustomWhere {
  return {
    operators: ['eq', 'neq', 'in', 'nin', 'like', 'notlike'],
    build: ({ operator, values }) => {
      const texts = values.map(String);
      const anyOf = { [column]: { in: texts.flatMap(numberVariants) } };
      const contains = { [column]: { contains: escapeLike(texts[0]?.trim() ?? ''), mode: 'insensitive' } };
      switch (operator) {
        case 'eq':
        case 'in':
          return anyOf;
        case 'neq':
        case 'nin':
          return { NOT: anyOf };
        case 'like':
          return contains;
        case 'notlike':
          return { NOT: contains };
        default:
          throw new FilterConditionError(`${operator} is not supported on ${column}.`);
      }
    },
  };
}

/**
 * tags is a list: `eq(tags,x)` means "has the tag x" (exact, case-sensitive), `in` "has any of",
 * `neq`/`nin` their negations, `isnull` "has no tag". `?tags=a&tags=b` has both. Substring
 * matching (like) inside a list is not something Prisma can say, so it is not offered.
 */
const tagsFilter: CustomWhere = {
  operators: ['eq', 'neq', 'in', 'nin', 'isnull', 'isnotnull'],
  build: ({ operator, values }) => {
    const tags = values.map(String);
    switch (operator) {
      case 'eq':
        return { tags: { has: tags[0] } };
      case 'neq':
        return { NOT: { tags: { has: tags[0] } } };
      case 'in':
        return { tags: { hasSome: tags } };
      case 'nin':
        return { NOT: { tags: { hasSome: tags } } };
      case 'isnull':
        return { tags: { isEmpty: true } };
      case 'isnotnull':
        return { tags: { isEmpty: false } };
      default:
        throw new FilterConditionError(`${operator} is not supported on tags.`);
    }
  },
};

/** The call's recording, a to-one relation that may be missing (isnull: calls without one). */
const recordingIdFilter: CustomWhere = {
  operators: ['eq', 'neq', 'in', 'nin', 'isnull', 'isnotnull'],
  build: ({ operator, values }) => {
    const ids = values.map(String);
    switch (operator) {
      case 'eq':
      case 'in':
        return { recording: { is: { id: { in: ids } } } };
      case 'neq':
      case 'nin':
        return { NOT: { recording: { is: { id: { in: ids } } } } };
      case 'isnull':
        return { recording: { is: null } };
      case 'isnotnull':
        return { recording: { isNot: null } };
      default:
        throw new FilterConditionError(`${operator} is not supported on recordingId.`);
    }
  },
};

/** GET /calls: every field of a call can be filtered; times, duration and enums sorted. */
export const CALL_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    direction: {
      type: 'enum',
      values: Object.values(CallDirection),
      sortable: true,
      description: 'INBOUND, OUTBOUND or INTERNAL.',
    },
    status: { type: 'enum', values: Object.values(CallStatus), sortable: true },
    fromNumber: {
      type: 'string',
      where: numberFilter('fromNumber'),
      description: 'The caller’s number (a leading + may arrive as a space; both work).',
    },
    toNumber: { type: 'string', where: numberFilter('toNumber'), description: 'The called number.' },
    contactId: { type: 'uuid', nullable: true },
    userId: { type: 'uuid', nullable: true },
    queueId: { type: 'uuid', nullable: true },
    recordingId: { type: 'uuid', where: recordingIdFilter, description: 'isnull: calls without a recording.' },
    startedAt: {
      type: 'date',
      sortable: true,
      description: 'A range: `?startedAt=btn::2026-01-01,2026-01-31` (whole days).',
    },
    answeredAt: { type: 'date', sortable: true, nullable: true },
    endedAt: { type: 'date', sortable: true, nullable: true },
    durationSeconds: { type: 'integer', sortable: true, nullable: true },
    tags: {
      type: 'string',
      where: tagsFilter,
      description: 'Has the tag (exact); in: has any of them; isnull: no tags.',
    },
    notes: { type: 'string', nullable: true },
    createdAt: { type: 'date', sortable: true },
    updatedAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});

/** Without `sort`, the newest calls first (the paging stays stable: ties by id). */
export const DEFAULT_CALL_ORDER: PrismaOrderBy[] = [{ startedAt: 'desc' }, { id: 'desc' }];
