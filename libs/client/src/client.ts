import createClient, { Client, Middleware } from 'openapi-fetch';
import type { paths as AccountHubPaths } from './generated/account-hub';
import type { paths as CallQueuePaths } from './generated/call-queue';
import type { paths as NumberPortingPaths } from './generated/number-porting';
import type { paths as ObsPaths } from './generated/obs';
import type { paths as PhoneSystemPaths } from './generated/phone-system';
import { TokenSession } from './session';

/** Every operation of every service: the documents' paths carry the service prefix, so they do not clash. */
export type DialLinkPaths = AccountHubPaths & PhoneSystemPaths & ObsPaths & CallQueuePaths & NumberPortingPaths;

export type DialLinkClient = Client<DialLinkPaths>;

/** An API key (`X-API-KEY`, the recommended way) or a signed-in user's session (`Authorization: Bearer`). */
export type Credentials = { apiKey: string } | { session: TokenSession };

export interface DialLinkClientOptions {
  /** The origin, e.g. `http://localhost:8080` (or `''` in a page served by it). */
  baseUrl: string;
  credentials?: Credentials;
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client of the whole API: `dl.GET('/v1/phone-system/users', { params: { query: { pageSize: 1 } } })`.
 * Unwrap answers with `ok()` / `done()`, iterate lists with `listAll()`.
 */
export function createDialLinkClient(options: DialLinkClientOptions): DialLinkClient {
  const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const client = createClient<DialLinkPaths>({ baseUrl: options.baseUrl, fetch });
  if (options.credentials) client.use(authentication(options.credentials, fetch));
  return client;
}

/** Adds the credential to each request; with a session, a 401 refreshes the tokens and retries once. */
function authentication(credentials: Credentials, fetch: typeof globalThis.fetch): Middleware {
  if ('apiKey' in credentials) {
    return {
      onRequest({ request }) {
        request.headers.set('X-API-KEY', credentials.apiKey);
        return request;
      },
    };
  }
  const { session } = credentials;
  // The request as it was before sending (a sent body cannot be read again), for the retry.
  const unsent = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      request.headers.set('Authorization', `Bearer ${await session.accessToken()}`);
      unsent.set(id, request.clone());
      return request;
    },
    async onResponse({ request, response, id }) {
      const original = unsent.get(id);
      unsent.delete(id);
      if (response.status !== 401 || !original) return response;
      const refused = (request.headers.get('Authorization') ?? '').replace(/^Bearer /, '');
      try {
        await session.refresh(refused);
      } catch {
        return response;
      }
      original.headers.set('Authorization', `Bearer ${await session.accessToken()}`);
      return fetch(original);
    },
    onError({ id }) {
      unsent.delete(id);
    },
  };
}
