/**
 * The typed client against the whole stack as `npm start` runs it: the committed documents and
 * types are those the code serves, the Quick Start runs, tokens refresh, lists page, errors carry
 * the API's body.
 */
import { StartedStack, startStack } from '../testing/started-stack';
import { fetchDocuments, readCommitted, render } from '../scripts/documents';
import { quickStart } from '../examples/quick-start';
import { DialLinkError, TokenPair, TokenSession, collect, createDialLinkClient, done, ok } from './index';

describe('the typed client against a started stack', () => {
  let stack: StartedStack;

  beforeAll(async () => {
    stack = await startStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const logIn = () => TokenSession.logIn(stack.origin, { email: stack.email, password: stack.password });

  it('is generated from the documents the services serve now (else: npm run client:generate)', async () => {
    const files = await render(await fetchDocuments(stack.origin));
    const committed = readCommitted(files);
    const stale = [...files].filter(([file, content]) => committed.get(file) !== content).map(([file]) => file);
    expect(stale).toEqual([]);
  }, 300_000);

  it('runs the Quick Start: a key made by the user lists users page by page, and is refused once disabled', async () => {
    const lines: string[] = [];
    const result = await quickStart({
      baseUrl: stack.origin,
      email: stack.email,
      password: stack.password,
      log: (line) => lines.push(line),
    });
    expect(result.key.key).toMatch(/^[0-9a-f-]{36}\+[0-9a-f-]{36}$/);
    expect(result.firstPage.data.map((user) => user.email)).toContain(stack.email);
    expect(result.everyone).toHaveLength(result.firstPage.paging.totalNumberOfRecords);
    expect(result.refused?.status).toBe(401);
    expect(result.refused?.body).toMatchObject({ status: 401, error: 'UNAUTHORIZED', details: [] });
    expect(lines.join('\n')).toMatch(/users, one page each/);
  }, 60_000);

  it('refreshes a refused access token once, and concurrent calls share the refresh', async () => {
    const real = await logIn();
    const tokens = real.current;
    if (!tokens) throw new Error('no tokens after login');
    const changes: (TokenPair | undefined)[] = [];
    // An access token the server refuses (as an expired one would be) that the client believes fresh.
    const session = new TokenSession(
      stack.origin,
      { ...tokens, accessToken: 'expired', accessTokenExpiresAt: Date.now() + 3_600_000 },
      { onChange: (pair) => changes.push(pair) },
    );
    const dl = createDialLinkClient({ baseUrl: stack.origin, credentials: { session } });
    const answers = await Promise.all([1, 2, 3].map(() => ok(dl.GET('/v1/account-hub/users/me'))));
    expect(answers.map((me) => me.user.email)).toEqual([stack.email, stack.email, stack.email]);
    expect(changes).toHaveLength(1);
    expect(session.current?.refreshToken).not.toBe(tokens.refreshToken);
    // The refreshed session still works; the old refresh token was retired by the refresh.
    await ok(dl.GET('/v1/account-hub/users/me'));
    await session.logOut();
    expect(changes[changes.length - 1]).toBeUndefined();
    await expect(ok(dl.GET('/v1/account-hub/users/me'))).rejects.toMatchObject({ status: 401 });
  }, 60_000);

  it('refreshes before the access token expires', async () => {
    const changes: (TokenPair | undefined)[] = [];
    const first = await logIn();
    const tokens = first.current;
    if (!tokens) throw new Error('no tokens after login');
    // A clock 55 s ahead: the 60-second token is within the 10-second margin.
    const session = new TokenSession(stack.origin, tokens, {
      now: () => Date.now() + 55_000,
      onChange: (pair) => changes.push(pair),
    });
    const dl = createDialLinkClient({ baseUrl: stack.origin, credentials: { session } });
    await ok(dl.GET('/v1/account-hub/users/me'));
    expect(changes).toHaveLength(1);
    await session.logOut();
  });

  it('reads every page of a list, whatever the page size', async () => {
    const session = await logIn();
    const dl = createDialLinkClient({ baseUrl: stack.origin, credentials: { session } });
    const made = [];
    for (const name of ['paging one', 'paging two', 'paging three']) {
      made.push(await ok(dl.POST('/v1/account-hub/api-keys', { body: { name, enabled: true } })));
    }
    const query = { name: 'like::paging', sort: 'name' };
    const all = await collect(
      (page) => dl.GET('/v1/account-hub/api-keys', { params: { query: { ...query, ...page } } }),
      {
        pageSize: 1,
      },
    );
    expect(all.map((key) => key.name)).toEqual(['paging one', 'paging three', 'paging two']);
    for (const key of made)
      await done(dl.DELETE('/v1/account-hub/api-keys/{id}', { params: { path: { id: key.id } } }));
    await session.logOut();
  });

  it('throws a DialLinkError with the API’s error body', async () => {
    const session = await logIn();
    const dl = createDialLinkClient({ baseUrl: stack.origin, credentials: { session } });
    const missing = '00000000-0000-4000-8000-000000000000';
    const error = await ok(dl.GET('/v1/account-hub/api-keys/{id}', { params: { path: { id: missing } } })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DialLinkError);
    if (!(error instanceof DialLinkError)) return;
    expect(error.status).toBe(404);
    expect(error.body).toMatchObject({ status: 404, error: 'NOT_FOUND', details: [] });
    expect(error.body.requestId).toEqual(expect.any(String));

    const invalid = await ok(dl.POST('/v1/account-hub/api-keys', { body: { name: '', enabled: true } })).catch(
      (thrown: unknown) => thrown,
    );
    expect(invalid).toBeInstanceOf(DialLinkError);
    if (invalid instanceof DialLinkError) {
      expect(invalid.status).toBe(400);
      expect(invalid.describe()).toMatch(/name/);
    }
    await expect(
      TokenSession.logIn(stack.origin, { email: stack.email, password: 'wrong password' }),
    ).rejects.toMatchObject({ status: 401, body: { error: 'UNAUTHORIZED' } });
    await session.logOut();
  });
});
