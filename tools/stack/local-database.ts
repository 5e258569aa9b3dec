import path from 'node:path';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface LocalDatabase {
  /** An administrator's connection (DATABASE_URL, or the embedded server's superuser). */
  adminUrl: string;
  /** True when we started the server (and so must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(REPO_ROOT, env.DIALLINK_DATA_DIR ?? '.diallink');
}

/**
 * DATABASE_URL when set (an administrator's connection: provisioning creates the services'
 * roles and schemas with it); otherwise the embedded PostgreSQL whose data lives in
 * `$DIALLINK_DATA_DIR/postgres` (default `.diallink/postgres`) and survives restarts.
 */
export async function openLocalDatabase(env: NodeJS.ProcessEnv = process.env): Promise<LocalDatabase> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir(env), 'postgres'),
    persistent: true,
    port: env.DIALLINK_PG_PORT ? Number(env.DIALLINK_PG_PORT) : undefined,
  });
  await ensureDatabase(server.serverUrl, 'diallink');
  return { adminUrl: databaseUrl(server.serverUrl, 'diallink'), embedded: true, stop: server.stop };
}
