import { PhoneNumberCapability, PhoneNumberRouteType } from '../database';
import { defineListQuery } from '@diallink/query';

const CAPABILITIES = Object.values(PhoneNumberCapability);

/** What GET /phone-numbers filters and sorts by. Write a leading `+` as %2B (a raw `+` is a space). */
export const PHONE_NUMBER_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    number: { type: 'string', sortable: true, description: 'E.164; `like::4155` finds the numbers containing 4155.' },
    label: { type: 'string', sortable: true, nullable: true },
    capabilities: {
      type: 'enum',
      values: CAPABILITIES,
      description: 'eq: has the capability; in: has any of them; neq/nin: has none of them; isnull: has none at all.',
      where: {
        operators: ['eq', 'neq', 'in', 'nin', 'isnull', 'isnotnull'],
        build: ({ operator, values }) => {
          const wanted = values as PhoneNumberCapability[];
          switch (operator) {
            case 'eq':
              return { capabilities: { has: wanted[0] } };
            case 'neq':
              return { NOT: { capabilities: { has: wanted[0] } } };
            case 'in':
              return { capabilities: { hasSome: wanted } };
            case 'nin':
              return { NOT: { capabilities: { hasSome: wanted } } };
            case 'isnull':
              return { capabilities: { isEmpty: true } };
            default:
              return { capabilities: { isEmpty: false } };
          }
        },
      },
    },
    'route.type': { type: 'enum', values: Object.values(PhoneNumberRouteType), path: ['routeType'], sortable: true },
    'route.targetId': { type: 'uuid', path: ['routeTargetId'], nullable: true },
    createdAt: { type: 'date', sortable: true },
    updatedAt: { type: 'date', sortable: true },
  },
  tiebreaker: 'id',
});
