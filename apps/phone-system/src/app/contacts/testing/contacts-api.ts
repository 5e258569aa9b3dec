import type { SeededUser } from '@diallink/testing';
import type { PhoneSystemFixture } from '../../../testing/phone-system.fixture';

export const CONTACTS = '/v1/phone-system/contacts';

/** The fields of a contact as the API answers them (what the tests look at). */
export interface ContactBody {
  id: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  shared: boolean;
  favorite: boolean;
  forceSave: boolean;
  type: string;
  phoneNumbers: { id: string; type: string; phoneNumber: string }[];
  emails: { id: string; type: string; email: string }[];
  addresses: { id: string; type: string; [field: string]: string | null }[];
  [field: string]: unknown;
}

/** Requests to /contacts as one user, with the user's API key. */
export function contactsAs(phone: PhoneSystemFixture, user: SeededUser) {
  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path = '') =>
    phone.http()[method](`${CONTACTS}${path}`).set('X-API-KEY', user.apiKey);
  return {
    call,
    /** POST a contact (201 expected), e.g. `create({ firstName: 'Sophia' })`. */
    async create(body: Record<string, unknown>): Promise<ContactBody> {
      const response = await call('post').send(body);
      if (response.status !== 201)
        throw new Error(`POST ${CONTACTS} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body as ContactBody;
    },
    /** GET /contacts?{query} (200 expected): the ids of `data`, in order. */
    async ids(query: string): Promise<string[]> {
      const response = await call('get', `?${query}`);
      if (response.status !== 200)
        throw new Error(`GET ?${query} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return (response.body.data as ContactBody[]).map((contact) => contact.id);
    },
  };
}
