/**
 * Where the services' current OpenAPI documents leave out what the client needs, filled in by type
 * (no cast anywhere): list operations document a 200 without a body, or none (issue 10, part 1). Each fill
 * is conditional — it applies only while the generated operation has no 200 with content — so once the documents
 * declare their paging envelopes this file changes nothing, and can be deleted.
 */
import type { components as AccountHubSchemas, paths as AccountHubPaths } from './generated/account-hub';
import type { components as PhoneSystemSchemas, paths as PhoneSystemPaths } from './generated/phone-system';
import type { Paging } from './paging';

/** The envelope of a list as the services answer it. */
export interface ListEnvelope<T> {
  data: T[];
  paging: Paging;
}

type JsonBody<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

/** An operation whose 200 gets `Body`, unless its document already declares one. */
type WithOkBody<Operation, Body> = Operation extends { responses: { 200: { content: object } } }
  ? Operation
  : Operation extends { responses: infer Responses }
    ? Omit<Operation, 'responses'> & { responses: Omit<Responses, 200> & { 200: JsonBody<Body> } }
    : Operation;

/** `Paths` with the GET of `Path` answering `Body`. */
type FillGet<Paths, Path extends keyof Paths, Body> = Omit<Paths, Path> & {
  [P in Path]: Paths[P] extends { get: infer Get } ? Omit<Paths[P], 'get'> & { get: WithOkBody<Get, Body> } : Paths[P];
};

type AccountHub = AccountHubSchemas['schemas'];
type PhoneSystem = PhoneSystemSchemas['schemas'];

export type FilledAccountHubPaths = FillGet<
  FillGet<AccountHubPaths, '/v1/account-hub/api-keys', ListEnvelope<AccountHub['ApiKeyResponse']>>,
  '/v1/account-hub/users',
  ListEnvelope<AccountHub['UserResponse']>
>;

export type FilledPhoneSystemPaths = FillGet<
  PhoneSystemPaths,
  '/v1/phone-system/users',
  ListEnvelope<PhoneSystem['PhoneUserResponse']>
>;
