/**
 * How to make one record of each collection that has id routes, and a valid body for each of its
 * id write routes (so that a foreign id meets the service's lookup, not the validation pipe).
 * The routes come from the apps; this is the one hand-written part: a collection with id routes
 * and no seed fails the battery, naming what to add.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Caller, ServiceUnderTest } from './services';

export interface Seed {
  /** Makes one record as `caller` (an owner) and answers its id. */
  create(service: ServiceUnderTest, caller: Caller): Promise<string>;
  /** Removes it for good, when the collection has no DELETE route of its own. */
  remove?(service: ServiceUnderTest, caller: Caller, id: string): Promise<void>;
  /** A valid body per write method of `{collection}/{id}`. */
  bodies: Partial<Record<'PUT' | 'PATCH' | 'POST', (service: ServiceUnderTest, caller: Caller) => unknown>>;
}

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence += 1).toString(36)}`;
/** A valid Berlin number, new on every call (numbers are unique across tenants). */
const berlinNumber = () => `+49309${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

async function created(
  service: ServiceUnderTest,
  caller: Caller,
  collection: string,
  body: unknown,
  label?: string,
): Promise<string> {
  const response = await service.send({ method: 'POST', path: `${service.prefix}${collection}` }, { caller, body });
  if (response.status !== 201)
    throw new Error(`seed ${collection}: ${response.status} ${response.text} for ${JSON.stringify(body)}`);
  if (label && typeof response.body.key === 'string') service.run.secret(label, response.body.key as string);
  return response.body.id as string;
}

const userBody = (service: ServiceUnderTest) => ({
  email: `user-${unique()}@example.test`,
  password: service.run.secret('user password', `pw-${randomBytes(9).toString('base64url')}`),
  firstName: 'Seed',
  lastName: 'User',
  roles: ['member'],
});

const callBody = () => ({
  direction: 'INBOUND',
  status: 'COMPLETED',
  fromNumber: '+44 20 7183 8750',
  toNumber: '+1 (717) 550-1675',
  startedAt: '2026-01-15T09:30:00Z',
  answeredAt: '2026-01-15T09:30:12Z',
  endedAt: '2026-01-15T09:42:00Z',
});

const receptionistBody = () => ({
  name: `Reception ${unique()}`,
  timezone: 'Europe/Berlin',
  businessHours: { monday: [{ open: '09:00', close: '17:00' }] },
  menu: { options: [{ key: '1', action: { type: 'VOICEMAIL' } }] },
  afterHours: { type: 'VOICEMAIL' },
});

export const SEEDS: Record<string, Record<string, Seed>> = {
  'account-hub': {
    '/users': {
      create: (service, caller) => created(service, caller, '/users', userBody(service)),
      bodies: {
        PUT: () => ({ email: `put-${unique()}@example.test`, firstName: 'Put', lastName: 'User', roles: ['member'] }),
        PATCH: () => ({ firstName: 'Patched' }),
      },
    },
    '/roles': {
      create: (service, caller) =>
        created(service, caller, '/roles', { name: `role-${unique()}`, permissions: ['phone-system:contacts:read'] }),
      bodies: {
        PUT: () => ({ name: `role-${unique()}`, permissions: ['phone-system:calls:read'] }),
        PATCH: () => ({ description: 'patched' }),
      },
    },
    '/api-keys': {
      create: (service, caller) =>
        created(service, caller, '/api-keys', { name: `key ${unique()}`, enabled: true }, 'created API key'),
      bodies: { PATCH: () => ({ name: 'renamed' }) },
    },
    '/subscriptions': {
      // A subscription is a product: take one away and buy it again for a record of one's own.
      create: async (service, caller) => {
        const path = `${service.prefix}/subscriptions`;
        const list = await service.send({ method: 'GET', path }, { caller });
        const { id, product } = (list.body.data as { id: string; product: string }[])[0];
        const removed = await service.send({ method: 'DELETE', path: `${path}/${id}` }, { caller });
        if (removed.status !== 204) throw new Error(`seed /subscriptions: ${removed.status} ${removed.text}`);
        return created(service, caller, '/subscriptions', { product });
      },
      bodies: {},
    },
  },
  'phone-system': {
    '/contacts': {
      create: (service, caller) =>
        created(service, caller, '/contacts', { firstName: 'Seed', lastName: unique(), shared: true }),
      bodies: { PUT: () => ({ firstName: 'Put', lastName: 'Contact' }), PATCH: () => ({ firstName: 'Patched' }) },
    },
    '/calls': {
      create: (service, caller) => created(service, caller, '/calls', callBody()),
      bodies: { PATCH: () => ({ notes: 'patched' }) },
    },
    '/phone-numbers': {
      create: (service, caller) => created(service, caller, '/phone-numbers', { number: berlinNumber() }),
      bodies: { PUT: () => ({ number: berlinNumber() }), PATCH: () => ({ label: 'patched' }) },
    },
    '/auto-receptionists': {
      create: (service, caller) => created(service, caller, '/auto-receptionists', receptionistBody()),
      bodies: { PUT: receptionistBody, PATCH: () => ({ name: `patched ${unique()}` }) },
    },
    '/recordings': {
      create: async (service, caller) => {
        const callId = await created(service, caller, '/calls', callBody());
        const response = await service.fixture
          .http()
          .post(`${service.prefix}/recordings?callId=${callId}&durationSeconds=3`)
          .set('X-API-KEY', caller.apiKey)
          .set('Content-Type', 'audio/mpeg')
          .send(randomBytes(2048));
        service.run.count('POST recordings (seed)', response);
        if (response.status !== 201) throw new Error(`seed /recordings: ${response.status} ${response.text}`);
        return response.body.id as string;
      },
      bodies: {},
    },
    '/users': {
      // Users come from the Account Hub's events; a deleted one is gone from the read model.
      create: async (service, caller) => (await service.fixture.accounts.user(caller.tenantId, 'member')).userId,
      remove: async (service, _caller, id) => service.fixture.accounts.deleteUser(id),
      bodies: { PATCH: () => ({ parallelCallsEnabled: false }) },
    },
  },
};

export const randomId = (): string => randomUUID();
