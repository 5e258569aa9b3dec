/**
 * `npm run bench:events -- [--url http://localhost:8080] [--users 30]`: how long an Account Hub
 * change takes to reach the Phone System's read model through the outbox, the relay and the
 * event bus, against a running stack (`npm start`). It signs a tenant up, then for each of
 * `--users` users: creates it and times until the Phone System's `GET /users/{id}` finds it, then
 * deletes it and times until that answers 404. Prints the figures and writes
 * `bench/results/<date>-events.{md,json}`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './processes';

interface Options {
  url: string;
  users: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { url: 'http://localhost:8080', users: 30 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--url' && value) options.url = value.replace(/\/$/, '');
    else if (name === '--users' && /^\d+$/.test(value ?? '')) options.users = Number(value);
    else throw new Error(`unknown option ${name} (use --url <origin> and --users <n>)`);
  }
  return options;
}

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function expectStatus(
  what: string,
  answer: Promise<{ status: number; body: Record<string, unknown> }>,
  status: number,
): Promise<Record<string, unknown>> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got} ${JSON.stringify(body)}`);
  return body;
}

/** Milliseconds until `probe` answers `status`, polling every 2 ms (60 s at most). */
async function timeUntil(probe: () => Promise<{ status: number }>, status: number, since: number): Promise<number> {
  const deadline = since + 60_000;
  for (;;) {
    if ((await probe()).status === status) return performance.now() - since;
    if (performance.now() > deadline) throw new Error(`not ${status} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function figures(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const hub = `${options.url}/v1/account-hub`;
  const phone = `${options.url}/v1/phone-system`;
  const email = `bench-events-${randomUUID()}@example.com`;
  const password = `Bench-${randomUUID()}`;
  await expectStatus(
    'sign-up',
    call(`${hub}/tenants`, {
      method: 'POST',
      body: { companyName: 'Event delay bench', email, password, firstName: 'Bench', lastName: 'Owner' },
    }),
    201,
  );
  const tokens = await expectStatus(
    'login',
    call(`${hub}/auth/tokens`, { method: 'POST', body: { email, password } }),
    201,
  );
  const bearer = { authorization: `Bearer ${String(tokens.accessToken)}` };
  const key = await expectStatus(
    'API key',
    call(`${hub}/api-keys`, { method: 'POST', headers: bearer, body: { name: 'event delay bench', enabled: true } }),
    201,
  );
  const auth = { 'x-api-key': String(key.key) };

  const created: number[] = [];
  const deleted: number[] = [];
  for (let n = 0; n < options.users; n++) {
    const start = performance.now();
    const user = await expectStatus(
      'create user',
      call(`${hub}/users`, {
        method: 'POST',
        headers: auth,
        body: { email: `u${n}-${randomUUID()}@example.com`, password, firstName: 'Event', lastName: `User ${n}` },
      }),
      201,
    );
    const id = String(user.id);
    created.push(await timeUntil(() => call(`${phone}/users/${id}`, { headers: auth }), 200, start));
    const removed = performance.now();
    await expectStatus('delete user', call(`${hub}/users/${id}`, { method: 'DELETE', headers: auth }), 204);
    deleted.push(await timeUntil(() => call(`${phone}/users/${id}`, { headers: auth }), 404, removed));
  }

  const result = {
    when: new Date().toISOString(),
    command: `npm run bench:events -- --url ${options.url} --users ${options.users}`,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    node: process.version,
    samples: options.users,
    createdMs: figures(created),
    deletedMs: figures(deleted),
  };
  const ms = (value: number) => value.toFixed(0);
  const markdown = [
    '# Bench: event delivery delay (Account Hub → Phone System)',
    '',
    `- **When:** ${result.when}`,
    `- **Command:** \`${result.command}\``,
    `- **Load average at the end:** ${result.loadAverage.join(' / ')} (2 shared cores)`,
    '',
    'From the Account Hub’s answer (create: from the request) until the Phone System’s `GET /users/{id}` shows the change, polled every 2 ms.',
    '',
    '| change | samples | p50 ms | p95 ms | max ms |',
    '|---|--:|--:|--:|--:|',
    `| user created | ${options.users} | ${ms(result.createdMs.p50)} | ${ms(result.createdMs.p95)} | ${ms(result.createdMs.max)} |`,
    `| user deleted | ${options.users} | ${ms(result.deletedMs.p50)} | ${ms(result.deletedMs.p95)} | ${ms(result.deletedMs.max)} |`,
    '',
  ].join('\n');
  const results = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const base = path.join(results, `${result.when.slice(0, 10)}-events`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(`${markdown}\nwritten: ${path.relative(REPO_ROOT, base)}.{md,json}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench:events: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
