import type { OperationExamples } from '@diallink/common';

/**
 * The reference's API key examples, as this API answers them: a key is masked but for its last
 * four characters after it is made (only a hash is stored), the full key is two UUIDs, and two
 * keys in a list have two ids.
 */
const KEY = {
  id: '4a18bc90-4a4d-448a-b48d-b808cf2a4c52',
  name: 'API key for integration',
  enabled: true,
  key: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX+XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXbc2a',
  expiresAt: 1691146442391,
};

export const API_KEY_EXAMPLES = {
  list: {
    responses: {
      200: {
        twoKeys: {
          summary: 'GET /api-keys',
          value: {
            data: [KEY, { ...KEY, id: '9c2e6f14-7b3a-4d58-8e1f-2a6b4c8d0e13' }],
            paging: {
              pageNumber: 1,
              pageSize: 20,
              totalNumberOfRecords: 2,
              totalNumberOfPages: 1,
              hasNextPage: false,
              hasPreviousPage: false,
              sortingCriteria: null,
              hasMore: false,
            },
          },
        },
      },
    },
  },
  create: {
    request: { integration: { summary: 'POST /api-keys', value: { name: 'API key for integration', enabled: true } } },
    responses: {
      201: {
        integration: {
          summary: 'The new key, in full this once',
          value: { ...KEY, key: '5d5b4ed1-0000-4000-8000-8c9d90d23c2b+58df84fc-0000-4000-8000-8d381496bc2a' },
        },
      },
    },
  },
  get: { responses: { 200: { integration: { summary: 'GET /api-keys/{id}', value: KEY } } } },
} satisfies Record<string, OperationExamples>;
