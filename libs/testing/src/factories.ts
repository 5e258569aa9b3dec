import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { BUILT_IN_ROLES, BuiltInRole, PRODUCTS, ProductName, generateApiKey, hashApiKey } from '@diallink/auth';
import { AnyEventEnvelope, pgTransaction, publishEvent } from '@diallink/events';
import { testSecrets } from './test-secrets';

export interface SeededUser {
  tenantId: string;
  userId: string;
  email: string;
  /** A working API key of this user, made with the run's test pepper. */
  apiKey: string;
  apiKeyId: string;
}

/** Told of the Account Hub events each factory call published, in order (see `startServiceFixture`). */
export type PublishedHook = (events: AnyEventEnvelope[]) => Promise<void>;

/**
 * Tenants, users and API keys straight into the Account Hub's tables (as the administrator of
 * the test database), with the events the Account Hub would publish for them written to its
 * outbox: services whose tests need callers get them, and their read models can be fed the same
 * events (`onPublished`).
 */
export class AccountFactory {
  private readonly pool: Pool;

  constructor(
    adminUrl: string,
    private readonly onPublished: PublishedHook = async () => undefined,
  ) {
    this.pool = new Pool({ connectionString: adminUrl, max: 2, options: '-c search_path=account_hub' });
    this.pool.on('error', () => undefined);
  }

  /** A tenant with its built-in roles, subscriptions (all products by default) and one user of `role`. */
  async tenant(
    options: { role?: BuiltInRole; products?: readonly ProductName[]; name?: string } = {},
  ): Promise<SeededUser> {
    const tenantId = randomUUID();
    const name = options.name ?? `Tenant ${tenantId.slice(0, 8)}`;
    const products = [...(options.products ?? PRODUCTS)].sort();
    const events = await this.inTransaction(async (client) => {
      await client.query('INSERT INTO tenants (id, name, updated_at) VALUES ($1, $2, now())', [tenantId, name]);
      for (const role of BUILT_IN_ROLES) {
        await client.query(
          'INSERT INTO roles (id, tenant_id, name, built_in, permissions, updated_at) VALUES ($1, $2, $3, true, $4, now())',
          [randomUUID(), tenantId, role, []],
        );
      }
      for (const product of products) {
        await client.query('INSERT INTO subscriptions (id, tenant_id, product) VALUES ($1, $2, $3)', [
          randomUUID(),
          tenantId,
          product,
        ]);
      }
      const tenant = { id: tenantId, name, timezone: 'UTC', locale: 'en-US', products, revision: 1 };
      return [
        await publishEvent(pgTransaction(client), { type: 'account-hub.tenant.created', tenantId, data: { tenant } }),
      ];
    });
    await this.onPublished(events);
    return this.user(tenantId, options.role ?? 'owner');
  }

  /** Another user of `tenantId` with a built-in role and an API key. */
  async user(
    tenantId: string,
    role: BuiltInRole,
    fields: { firstName?: string; lastName?: string; jobTitle?: string | null; email?: string } = {},
  ): Promise<SeededUser> {
    const userId = randomUUID();
    const email = fields.email ?? `${role}-${randomUUID()}@example.test`;
    const apiKey = generateApiKey();
    const apiKeyId = randomUUID();
    const events = await this.inTransaction(async (client) => {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM roles WHERE tenant_id = $1 AND name = $2', [
        tenantId,
        role,
      ]);
      const roleId = rows[0].id;
      const user = {
        id: userId,
        email,
        firstName: fields.firstName ?? role,
        lastName: fields.lastName ?? 'Tester',
        jobTitle: fields.jobTitle ?? null,
        enabled: true,
        roles: [{ id: roleId, name: role, builtIn: true }],
        revision: 1,
      };
      // Not a usable password hash: factory users authenticate with their API key.
      await client.query(
        `INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, job_title, updated_at)
         VALUES ($1, $2, $3, '!', $4, $5, $6, now())`,
        [userId, tenantId, email, user.firstName, user.lastName, user.jobTitle],
      );
      await client.query('INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3)', [
        tenantId,
        userId,
        roleId,
      ]);
      await client.query(
        `INSERT INTO api_keys (id, tenant_id, user_id, name, key_hash, last_four, expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + interval '365 days', now())`,
        [apiKeyId, tenantId, userId, `${role} key`, hashApiKey(apiKey, testSecrets().API_KEY_PEPPER), apiKey.slice(-4)],
      );
      return [
        await publishEvent(pgTransaction(client), { type: 'account-hub.user.created', tenantId, data: { user } }),
      ];
    });
    await this.onPublished(events);
    return { tenantId, userId, email, apiKey, apiKeyId };
  }

  /** Another API key of `userId` (same tenant); returns the key. */
  async apiKey(userId: string): Promise<string> {
    const apiKey = generateApiKey();
    await this.pool.query(
      `INSERT INTO api_keys (id, tenant_id, user_id, name, key_hash, last_four, expires_at, updated_at)
       SELECT $1, tenant_id, id, 'another key', $2, $3, now() + interval '365 days', now() FROM users WHERE id = $4`,
      [randomUUID(), hashApiKey(apiKey, testSecrets().API_KEY_PEPPER), apiKey.slice(-4), userId],
    );
    return apiKey;
  }

  /**
   * Changes a user as the Account Hub would (enabled, names, job title) and publishes the matching
   * event: `user.disabled`/`user.enabled` when `enabled` changes, else `user.updated`.
   */
  async updateUser(
    userId: string,
    changes: { enabled?: boolean; firstName?: string; lastName?: string; jobTitle?: string | null },
  ): Promise<void> {
    const events = await this.inTransaction(async (client) => {
      const before = await client.query<{ enabled: boolean }>('SELECT enabled FROM users WHERE id = $1', [userId]);
      const { rows } = await client.query<{
        tenant_id: string;
        email: string;
        first_name: string;
        last_name: string;
        job_title: string | null;
        enabled: boolean;
        revision: number;
      }>(
        `UPDATE users SET enabled = COALESCE($2, enabled), first_name = COALESCE($3, first_name), last_name = COALESCE($4, last_name),
                job_title = CASE WHEN $5 THEN $6 ELSE job_title END, revision = revision + 1, updated_at = now()
          WHERE id = $1 RETURNING tenant_id, email, first_name, last_name, job_title, enabled, revision`,
        [
          userId,
          changes.enabled ?? null,
          changes.firstName ?? null,
          changes.lastName ?? null,
          'jobTitle' in changes,
          changes.jobTitle ?? null,
        ],
      );
      const row = rows[0];
      const roles = await client.query<{ id: string; name: string; built_in: boolean }>(
        'SELECT r.id, r.name, r.built_in FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name',
        [userId],
      );
      const user = {
        id: userId,
        email: row.email,
        firstName: row.first_name,
        lastName: row.last_name,
        jobTitle: row.job_title,
        enabled: row.enabled,
        roles: roles.rows.map((role) => ({ id: role.id, name: role.name, builtIn: role.built_in })),
        revision: row.revision,
      };
      const type =
        before.rows[0].enabled === row.enabled
          ? 'account-hub.user.updated'
          : row.enabled
            ? 'account-hub.user.enabled'
            : 'account-hub.user.disabled';
      return [await publishEvent(pgTransaction(client), { type, tenantId: row.tenant_id, data: { user } })];
    });
    await this.onPublished(events);
  }

  /** Deletes a user as the Account Hub would, with `user.deleted`. */
  async deleteUser(userId: string): Promise<void> {
    const events = await this.inTransaction(async (client) => {
      const { rows } = await client.query<{ tenant_id: string; revision: number }>(
        'DELETE FROM users WHERE id = $1 RETURNING tenant_id, revision',
        [userId],
      );
      const user = { id: userId, revision: rows[0].revision + 1 };
      return [
        await publishEvent(pgTransaction(client), {
          type: 'account-hub.user.deleted',
          tenantId: rows[0].tenant_id,
          data: { user },
        }),
      ];
    });
    await this.onPublished(events);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
