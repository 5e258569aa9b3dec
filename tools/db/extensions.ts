import type { Client } from 'pg';

/**
 * The extensions migrations use, in `public` (where every role may use them but create nothing):
 * pg_trgm's `gin_trgm_ops` for the trigram indexes of `like` filters. A service's search path is
 * its own schema alone, so migrations name the operator class `public.gin_trgm_ops`; queries need
 * no name, PostgreSQL matches `ILIKE` to the index by its operator family.
 */
export const EXTENSIONS = ['pg_trgm'] as const;

export async function ensureExtensions(client: Pick<Client, 'query'>): Promise<void> {
  for (const extension of EXTENSIONS)
    await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension} WITH SCHEMA public`);
}
