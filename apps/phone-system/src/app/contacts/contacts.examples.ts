import type { BodyExample, OperationExamples } from '@diallink/common';

/**
 * The reference's contacts examples (Quick Start, Object Models, Paging and Sorting), as this API
 * answers them: a contact carries the company fields (null when not given) and its timestamps
 * too, and paging always says `sortingCriteria`. The DELETE of the Quick Start answers 204
 * with no body here, so it has no example.
 */

/** The Quick Start's POST body, as the reference writes it. */
const QUICK_START_REQUEST = {
  firstName: 'Sophia',
  lastName: 'Brooks',
  companyName: 'Company inc.',
  shared: false,
  favorite: false,
  phoneNumbers: [{ type: 'WORK', phoneNumber: '+17175501675' }],
};

/** "Incoming object model - ContactRequest", as the reference writes it (`employeeCount` a string of digits). */
const CONTACT_REQUEST = {
  companyName: 'Arrow Inc.',
  industry: 'RETAIL',
  type: 'LEAD',
  employeeCount: '100',
  addressLine1: '232 1st street',
  addressLine2: 'Suite 2210',
  city: 'Newtown',
  country: 'US',
};

const NO_COMPANY = {
  industry: null,
  employeeCount: null,
  annualRevenue: null,
  addressLine1: null,
  addressLine2: null,
  city: null,
  zip: null,
  country: null,
};

const TIMESTAMPS = { createdAt: '2024-05-31T14:30:00.000Z', updatedAt: '2024-05-31T14:30:00.000Z' };

/** The reference's contact of GET /contacts (the Quick Start's Sophia Brooks). */
const SOPHIA = {
  firstName: 'Sophia',
  lastName: 'Brooks',
  companyName: 'Company inc.',
  shared: false,
  addresses: [],
  phoneNumbers: [{ type: 'WORK', id: 'f7d43da9-694d-444d-a04e-e7676d0fa02d', phoneNumber: '+17175501675' }],
  emails: [],
  favorite: false,
  forceSave: false,
  id: '671db0b8-0576-4867-a611-662bba3ae364',
  type: 'EXTERNAL',
  ...NO_COMPANY,
  ...TIMESTAMPS,
};

/** What the ContactRequest example makes: a LEAD whose employeeCount is answered as an integer. */
const ARROW = {
  firstName: null,
  lastName: null,
  companyName: 'Arrow Inc.',
  shared: false,
  addresses: [],
  phoneNumbers: [],
  emails: [],
  favorite: false,
  forceSave: false,
  id: '2f9a7c1e-5b3d-4e8a-9c6f-1d2e3f4a5b6c',
  type: 'LEAD',
  ...NO_COMPANY,
  industry: 'RETAIL',
  employeeCount: 100,
  addressLine1: '232 1st street',
  addressLine2: 'Suite 2210',
  city: 'Newtown',
  country: 'US',
  ...TIMESTAMPS,
};

const paging = (pageSize: number, sortingCriteria: string | null) => ({
  pageNumber: 1,
  pageSize,
  totalNumberOfRecords: 1,
  totalNumberOfPages: 1,
  hasNextPage: false,
  hasPreviousPage: false,
  sortingCriteria,
  hasMore: false,
});

const quickStart: BodyExample = { summary: 'The Quick Start’s contact', value: QUICK_START_REQUEST };
const contactRequest: BodyExample = { summary: 'The reference’s ContactRequest', value: CONTACT_REQUEST };

export const CONTACT_EXAMPLES = {
  list: {
    responses: {
      200: {
        list: { summary: 'GET /contacts', value: { data: [SOPHIA], paging: paging(20, null) } },
        pagedAndSorted: {
          summary: 'GET /contacts?pageSize=5&sort=-updatedAt',
          value: { data: [SOPHIA], paging: paging(5, '-updatedAt') },
        },
      },
    },
  },
  get: { responses: { 200: { contact: { summary: 'The Quick Start’s contact', value: SOPHIA } } } },
  create: {
    request: { quickStart, contactRequest },
    responses: {
      201: {
        quickStart: { summary: 'The Quick Start’s contact, made', value: SOPHIA },
        contactRequest: { summary: 'The reference’s ContactRequest, made', value: ARROW },
      },
    },
  },
  replace: {
    request: { quickStart },
    responses: { 200: { quickStart: { summary: 'The Quick Start’s contact', value: SOPHIA } } },
  },
} satisfies Record<string, OperationExamples>;
