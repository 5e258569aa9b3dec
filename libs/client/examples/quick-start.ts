/**
 * The reference's Quick Start with the typed client, step by step:
 *
 *   DIALLINK_URL=http://localhost:8080 DIALLINK_EMAIL=admin@diallink.local DIALLINK_PASSWORD=… \
 *     npx tsx libs/client/examples/quick-start.ts
 *
 * Compiled with the rest of the lib under `strict` and without a single cast; the client's
 * end-to-end test runs it against a started stack.
 */
// Imported as an integrator's code imports it: the package, not a relative path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { DialLinkError, TokenSession, createDialLinkClient, done, listAll, ok } from '@diallink/client';

export interface QuickStartOptions {
  baseUrl: string;
  email: string;
  password: string;
  log?: (line: string) => void;
}

export async function quickStart({ baseUrl, email, password, log = console.log }: QuickStartOptions) {
  // 1. Generate an API key: sign in, then add one (the API key page does the same).
  const session = await TokenSession.logIn(baseUrl, { email, password });
  const asUser = createDialLinkClient({ baseUrl, credentials: { session } });
  const created = await ok(
    asUser.POST('/v1/account-hub/api-keys', { body: { name: 'API key for integration', enabled: true } }),
  );
  log(`created API key ${created.name}, ending in ${created.key.slice(-4)}: save it, it is shown only once`);

  // 2. Send a test GET request with the key: the users of the Phone System.
  const dl = createDialLinkClient({ baseUrl, credentials: { apiKey: created.key } });
  const first = await ok(dl.GET('/v1/phone-system/users'));
  for (const user of first.data) log(`${user.firstName} ${user.lastName} <${user.email}>`);
  log(`page ${first.paging.pageNumber} of ${first.paging.totalNumberOfPages}`);

  // 3. Add query parameters: one user per page, every page read in turn.
  const everyone: string[] = [];
  for await (const user of listAll((page) => dl.GET('/v1/phone-system/users', { params: { query: page } }), {
    pageSize: 1,
  })) {
    everyone.push(user.email);
  }
  log(`${everyone.length} users, one page each`);

  // Errors are typed: a disabled key is refused with the API's error body.
  await ok(
    asUser.PATCH('/v1/account-hub/api-keys/{id}', { params: { path: { id: created.id } }, body: { enabled: false } }),
  );
  let refused: DialLinkError | undefined;
  try {
    await ok(dl.GET('/v1/phone-system/users'));
  } catch (error) {
    if (!(error instanceof DialLinkError)) throw error;
    refused = error;
    log(`with the disabled key: ${error.status} ${error.body.error} — ${error.body.message}`);
  }
  await done(asUser.DELETE('/v1/account-hub/api-keys/{id}', { params: { path: { id: created.id } } }));
  await session.logOut();
  return { key: created, firstPage: first, everyone, refused };
}

if (require.main === module) {
  const { DIALLINK_URL = 'http://localhost:8080', DIALLINK_EMAIL, DIALLINK_PASSWORD } = process.env;
  if (!DIALLINK_EMAIL || !DIALLINK_PASSWORD) {
    console.error('Set DIALLINK_EMAIL and DIALLINK_PASSWORD (and DIALLINK_URL unless it is http://localhost:8080).');
    process.exit(2);
  }
  quickStart({ baseUrl: DIALLINK_URL, email: DIALLINK_EMAIL, password: DIALLINK_PASSWORD }).catch((error: unknown) => {
    console.error(error instanceof DialLinkError ? error.describe() : error);
    process.exit(1);
  });
}
