/**
 * The public reference's curl examples, replayed with the real `curl` against the whole stack as
 * `npm start` runs it: the reference's host becomes the stack's origin, `$YOUR-APIKEY` a key the
 * user made, `$YOUR-TOKEN` their access token, and the ids the reference names the ones the replay
 * made. Each answer has the status the reference's rules give its method, and at least the fields,
 * of the same JSON types, that the reference shows under the example.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TokenSession, createDialLinkClient, ok } from '@diallink/client';
import { StartedStack, startStack } from '@diallink/client/testing';
import { ReferenceExample, referenceExamples } from './reference-examples';

const CURL = '/usr/bin/curl';
/** The public reference, as the repository keeps it (a copy of the shared seed's text). */
const REFERENCE = path.resolve(__dirname, '../../docs/reference/diallink-api-reference.txt');
const HOST = 'https://api.diallink.com';
/** The id the reference gives the contact its POST example creates (its GET answers show it). */
const REFERENCE_CONTACT_ID = '671db0b8-0576-4867-a611-662bba3ae364';
/** The reference's "Successful responses": 200 for GET, PATCH and PUT, 201 for POST, 204 for DELETE. */
const SUCCESS: Record<string, number> = { GET: 200, PATCH: 200, PUT: 200, POST: 201, DELETE: 204 };

interface Answer {
  status: number;
  headers: Map<string, string>;
  body: unknown;
}

/** What `curl -s -i` printed: the status and headers of the final response (after any 1xx), and its JSON body. */
function parseCurlOutput(output: string): Answer {
  let rest = output;
  while (/^HTTP\/[\d.]+ 1\d\d/.test(rest)) rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  const end = rest.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = rest.slice(0, end).split('\r\n');
  const headers = new Map(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  const text = rest.slice(end + 4);
  return { status: Number(statusLine.split(' ')[1]), headers, body: text ? JSON.parse(text) : undefined };
}

/** Where `ours` lacks a field the reference shows, or holds it as another JSON type (null goes with any). */
function shapeDifferences(shown: unknown, ours: unknown, at = '$'): string[] {
  if (shown === null || ours === null) return [];
  if (Array.isArray(shown)) {
    if (!Array.isArray(ours)) return [`${at}: an array in the reference, ${typeof ours} here`];
    if (shown.length > 0 && ours.length === 0) return [`${at}: empty, the reference shows items`];
    return shown.length > 0 ? shapeDifferences(shown[0], ours[0], `${at}[0]`) : [];
  }
  if (typeof shown === 'object') {
    if (typeof ours !== 'object' || Array.isArray(ours)) return [`${at}: an object in the reference, not here`];
    return Object.entries(shown as Record<string, unknown>).flatMap(([key, value]) =>
      key in (ours as object)
        ? shapeDifferences(value, (ours as Record<string, unknown>)[key], `${at}.${key}`)
        : [`${at}.${key}: missing`],
    );
  }
  return typeof shown === typeof ours ? [] : [`${at}: ${typeof shown} in the reference, ${typeof ours} here`];
}

describe('the reference’s curl examples against the started stack', () => {
  const examples = referenceExamples(readFileSync(REFERENCE, 'utf8'));
  let stack: StartedStack;
  const made = { key: '', keyId: '', token: '', contactId: '' };

  const replay = async (example: ReferenceExample): Promise<Answer> => {
    const fill = (text: string) =>
      text
        .replaceAll(HOST, stack.origin)
        .replaceAll('$YOUR-APIKEY', made.key)
        .replaceAll('$YOUR-TOKEN', made.token)
        .replaceAll('%7Bid%7D', made.keyId)
        .replaceAll(REFERENCE_CONTACT_ID, made.contactId);
    const args = ['-s', '-i', '-X', example.method, ...example.headers.flatMap((header) => ['-H', fill(header)])];
    if (example.data !== undefined) args.push('--data', example.data);
    const { stdout } = await promisify(execFile)(CURL, [...args, fill(example.url)]);
    return parseCurlOutput(stdout);
  };

  beforeAll(async () => {
    if (!existsSync(CURL)) throw new Error(`${CURL} is missing: install it with \`apt-get install -y curl\``);
    stack = await startStack();
    // The Quick Start: sign in, add an API key.
    const session = await TokenSession.logIn(stack.origin, { email: stack.email, password: stack.password });
    made.token = session.current?.accessToken ?? '';
    const client = createDialLinkClient({ baseUrl: stack.origin, credentials: { session } });
    const key = await ok(
      client.POST('/v1/account-hub/api-keys', { body: { name: 'Replay of the reference', enabled: true } }),
    );
    made.key = key.key;
    made.keyId = key.id;
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('reads the thirteen examples the reference holds, with their methods and paths', () => {
    expect(examples.map((example) => `${example.method.toUpperCase()} ${example.url.replace(HOST, '')}`)).toEqual([
      'GET /v1/phone-system/contacts',
      'GET /v1/phone-system/contacts',
      'GET /v1/phone-system/users',
      'GET /v1/phone-system/users?pageSize=1',
      'POST /v1/phone-system/contacts',
      `DELETE /v1/phone-system/contacts/${REFERENCE_CONTACT_ID}`,
      'GET /v1/phone-system/contacts',
      'GET /v1/phone-system/contacts?fullName=like::So',
      'GET /v1/phone-system/contacts?filter=AND(eq(firstName,Sophia),like(phoneNumbers.phoneNumber,1675))',
      'GET /v1/phone-system/contacts?pageSize=5&sort=-updatedAt',
      'GET /v1/account-hub/api-keys',
      'POST /v1/account-hub/api-keys',
      'GET /v1/account-hub/api-keys/%7Bid%7D',
    ]);
    // `curl GET https://…` (line 225) holds a stray word that curl would take for a first URL.
    expect(examples.filter((example) => example.stray.length > 0).map((example) => example.line)).toEqual([225]);
  });

  it('shows answers whose statuses follow its own rules, but for the DELETE of the tutorial', () => {
    const disagreeing = examples.filter(
      (example) => example.shown && example.shown.status !== SUCCESS[example.method.toUpperCase()],
    );
    // The tutorial's DELETE shows "200 OK" and a list of products; its "Successful responses" say 204.
    expect(disagreeing.map((example) => `${example.line} ${example.method} ${example.shown?.status}`)).toEqual([
      '177 DELETE 200',
    ]);
  });

  it('answers every example as the reference shows, the contact made by its POST found by its filters', async () => {
    // In the reference's order, but the DELETE of "the created contact" last: the filters after it find that contact.
    const order = [
      ...examples.filter((example) => example.method.toUpperCase() !== 'DELETE'),
      ...examples.filter((example) => example.method.toUpperCase() === 'DELETE'),
    ];
    const failures: string[] = [];
    for (const example of order) {
      const answer = await replay(example);
      const where = `line ${example.line} (${example.method} ${example.url.replace(HOST, '')})`;
      const method = example.method.toUpperCase();
      if (answer.status !== SUCCESS[method]) {
        failures.push(`${where}: ${answer.status} ${JSON.stringify(answer.body)}`);
        continue;
      }
      if (example.shown?.body !== undefined && method !== 'DELETE') {
        failures.push(
          ...shapeDifferences(example.shown.body, answer.body).map((difference) => `${where}: ${difference}`),
        );
      }
      if (method === 'POST') {
        const id = (answer.body as { id: string }).id;
        if (answer.headers.get('location') !== `${new URL(example.url).pathname}/${id}`) {
          failures.push(`${where}: Location ${answer.headers.get('location')}`);
        }
        if (example.url.endsWith('/contacts')) made.contactId = id;
      }
      const contactList = method === 'GET' && /\/contacts(\?|$)/.test(example.url);
      if (contactList && made.contactId) {
        const ids = (answer.body as { data: { id: string }[] }).data.map((contact) => contact.id);
        if (!ids.includes(made.contactId)) failures.push(`${where}: the contact its POST made is not listed`);
      }
    }
    expect(failures).toEqual([]);

    // The DELETE took the contact away.
    const gone = await fetch(`${stack.origin}/v1/phone-system/contacts/${made.contactId}`, {
      headers: { 'X-API-KEY': made.key },
    });
    expect(gone.status).toBe(404);
  }, 120_000);
});
