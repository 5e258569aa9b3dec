/**
 * What the bench sends (the W0–W7). Each workload is a list of requests taken in turn,
 * the same for the stack and the floor; `{n}` in a path or body is a number unique to the request
 * and `{local}` a 7-digit local number made from it (see wrk-plan.lua).
 */
import type { Fixtures } from './seed';

export type Service = 'phone-system' | 'account-hub';

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
}

export interface Workload {
  id: string;
  title: string;
  service: Service;
  auth: 'none' | 'key' | 'bearer';
  tenant: 'big' | 'small';
  requests: PlannedRequest[];
}

const PS = '/v1/phone-system';
const CONTACTS = `${PS}/contacts`;

const get = (path: string): PlannedRequest => ({ method: 'GET', path });
const list = (query: string) => get(`${CONTACTS}?${query}`);

/** POST /contacts: a shared contact with one new number (area 808 for the stack, 907 for the floor) and one email. */
export function createBody(area: number): string {
  return JSON.stringify({
    firstName: 'Bench',
    lastName: 'Writer{n}',
    shared: true,
    phoneNumbers: [{ type: 'MOBILE', phoneNumber: `+1${area}{local}` }],
    emails: [{ type: 'WORK', email: 'writer{n}@example.com' }],
  });
}

const PATCH_BODY = JSON.stringify({ favorite: true, city: 'Patched {n}' });

export function workloads(fixtures: Fixtures, createArea: number): Workload[] {
  const reads = fixtures.readIds.map((id) => get(`${CONTACTS}/${id}`));
  const patches = fixtures.patchIds.map((id): PlannedRequest => ({
    method: 'PATCH',
    path: `${CONTACTS}/${id}`,
    body: PATCH_BODY,
  }));
  const create: PlannedRequest = { method: 'POST', path: CONTACTS, body: createBody(createArea) };
  const contacts = { service: 'phone-system' as const, auth: 'key' as const, tenant: 'big' as const };
  const W3D = [1, 100, 1000, 10000];

  // W6: 70 lists, 15 gets, 10 updates, 5 creates in every 100 requests, interleaved.
  const mix: PlannedRequest[] = [];
  const listMix = [
    list('sort=-updatedAt'),
    list('sort=-updatedAt&pageNumber=2'),
    list('updatedAt=btn::2025-03-01,2025-03-07&sort=-updatedAt'),
  ];
  for (let i = 0; i < 100; i++) {
    const slot = i % 20;
    if (slot < 14) mix.push(listMix[i % listMix.length]);
    else if (slot < 17) mix.push(reads[i % reads.length]);
    else if (slot < 19) mix.push(patches[i % patches.length]);
    else mix.push(create);
  }

  return [
    {
      id: 'W0',
      title: 'GET /health (phone-system)',
      service: 'phone-system',
      auth: 'none',
      tenant: 'big',
      requests: [get(`${PS}/health`)],
    },
    {
      id: 'W1-key',
      title: 'GET /users/me by API key',
      service: 'account-hub',
      auth: 'key',
      tenant: 'big',
      requests: [get('/v1/account-hub/users/me')],
    },
    {
      id: 'W1-bearer',
      title: 'GET /users/me by bearer token',
      service: 'account-hub',
      auth: 'bearer',
      tenant: 'big',
      requests: [get('/v1/account-hub/users/me')],
    },
    { id: 'W2', title: 'GET /contacts/{id}', ...contacts, requests: reads },
    { id: 'W3a', title: 'contacts, first page, sort=-updatedAt', ...contacts, requests: [list('sort=-updatedAt')] },
    {
      id: 'W3a-small',
      title: 'W3a in a small tenant',
      ...contacts,
      tenant: 'small',
      requests: [list('sort=-updatedAt')],
    },
    { id: 'W3b-eq', title: '?firstName=Ava606', ...contacts, requests: [list('firstName=Ava606&sort=-updatedAt')] },
    {
      id: 'W3b-in',
      title: '?firstName=in::Ava606,Sophia12,Liam7',
      ...contacts,
      requests: [list('firstName=in::Ava606,Sophia12,Liam7&sort=-updatedAt')],
    },
    {
      id: 'W3b-btn',
      title: '?updatedAt=btn::2025-03-01,2025-03-07',
      ...contacts,
      requests: [list('updatedAt=btn::2025-03-01,2025-03-07&sort=-updatedAt')],
    },
    {
      id: 'W3b-like',
      title: '?fullName=like::Sophia12',
      ...contacts,
      requests: [list('fullName=like::Sophia12&sort=-updatedAt')],
    },
    {
      id: 'W3c',
      title: '?filter=AND(eq(firstName,Ava606),like(phoneNumbers.phoneNumber,1675))',
      ...contacts,
      requests: [list('filter=AND(eq(firstName,Ava606),like(phoneNumbers.phoneNumber,1675))')],
    },
    {
      id: 'W3c-alone',
      title: '?filter=like(phoneNumbers.phoneNumber,1675)',
      ...contacts,
      requests: [list('filter=like(phoneNumbers.phoneNumber,1675)')],
    },
    ...W3D.map((page) => ({
      id: `W3d-${page}`,
      title: `sort=-updatedAt&pageNumber=${page}`,
      ...contacts,
      requests: [list(`sort=-updatedAt&pageNumber=${page}`)],
    })),
    { id: 'W4', title: 'POST /contacts', ...contacts, requests: [create] },
    { id: 'W5', title: 'PATCH /contacts/{id}', ...contacts, requests: patches },
    { id: 'W6', title: 'mix: 70% lists, 15% gets, 10% updates, 5% creates', ...contacts, requests: mix },
    {
      id: 'W7',
      title: 'GET /calls?direction=outbound&startedAt=btn::2026-01-01,2026-01-31',
      ...contacts,
      requests: [get(`${PS}/calls?direction=outbound&startedAt=btn::2026-01-01,2026-01-31`)],
    },
  ];
}
