import { Pool } from 'pg';

/** A user as the Account Hub's credential view `credentials.principals` shows them. */
export interface CredentialUser {
  id: string;
  tenant_id: string;
  email: string;
  enabled: boolean;
  roles: { id: string; name: string; builtIn: boolean; permissions: string[] }[];
  products: string[];
}

export interface CredentialKey extends CredentialUser {
  key_id: string;
  key_hash: string;
  key_enabled: boolean;
  expires_at: Date;
}

const PRINCIPAL_COLUMNS = 'p.id, p.tenant_id, p.email, p.enabled, p.roles, p.products';

/**
 * The one documented exception to "a service reads only its own schema": every service's guard
 * reads the Account Hub's read-only credential views (schema `credentials`, SELECT granted to
 * each service's role), so that an API key or a token's user resolves, and a revocation takes
 * effect, within a second on every service. Only authentication data is exposed there.
 */
export class CredentialStore {
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    this.pool.on('error', () => undefined);
  }

  async apiKey(keyHash: string): Promise<CredentialKey | undefined> {
    const { rows } = await this.pool.query<CredentialKey>(
      `SELECT k.id AS key_id, k.key_hash, k.enabled AS key_enabled, k.expires_at, ${PRINCIPAL_COLUMNS}
         FROM credentials.api_keys k JOIN credentials.principals p ON p.id = k.user_id
        WHERE k.key_hash = $1`,
      [keyHash],
    );
    return rows[0];
  }

  async user(userId: string): Promise<CredentialUser | undefined> {
    const { rows } = await this.pool.query<CredentialUser>(
      `SELECT ${PRINCIPAL_COLUMNS} FROM credentials.principals p WHERE p.id = $1`,
      [userId],
    );
    return rows[0];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
