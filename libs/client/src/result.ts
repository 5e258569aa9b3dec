import { DialLinkError } from './errors';

/** What every openapi-fetch call resolves to, with `D` the operation's success body. */
export interface CallResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The success body of a call; any other answer is thrown as a `DialLinkError`. */
export async function ok<D>(call: Promise<CallResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw DialLinkError.from(response, error);
  if (data === undefined) throw DialLinkError.from(response, `no body in a ${response.status} answer`);
  return data;
}

/** For operations that answer without a body (204): resolves once done, throws a `DialLinkError` otherwise. */
export async function done(call: Promise<CallResult<unknown>>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw DialLinkError.from(response, error);
}
