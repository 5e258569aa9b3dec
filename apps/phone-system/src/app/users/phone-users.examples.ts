import type { OperationExamples } from '@diallink/common';

/** The Quick Start's `GET /phone-system/users`; this API's paging also says `sortingCriteria`. */
export const PHONE_USER_EXAMPLES = {
  list: {
    responses: {
      200: {
        quickStart: {
          summary: 'The Quick Start’s GET /phone-system/users',
          value: {
            data: [
              {
                id: '758e5507-ab14-4835-99ce-0020a12ea467',
                status: { status: 'OFFLINE' },
                email: 'john.doe@company.com',
                firstName: 'John',
                lastName: 'Doe',
                jobTitle: 'CEO',
                admin: true,
                parallelCallsEnabled: true,
              },
            ],
            paging: {
              pageNumber: 1,
              pageSize: 20,
              totalNumberOfRecords: 1,
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
} satisfies Record<string, OperationExamples>;
