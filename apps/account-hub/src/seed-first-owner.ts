/**
 * Run by `npm start` after provisioning: when the database has no tenant yet, creates one with an
 * owner (DIALLINK_ADMIN_EMAIL / DIALLINK_ADMIN_PASSWORD; a generated password when unset),
 * subscribed to every product — through the same change and events as a sign-up, so that every
 * service learns of them. Connects as the Account Hub's role (DATABASE_URL). Prints one JSON line
 * for the start script.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { serviceInfo } from '@diallink/registry';
import { createAccountHubDatabase } from './app/database';
import { applyChanges } from './app/events/account-changes';
import { createTenantWithOwner } from './app/tenants/tenant-setup';

/** Any fixed number: the lock that keeps two starts from both creating the first tenant. */
const FIRST_TENANT_LOCK = 727_001;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is missing');
  const email = (process.env.DIALLINK_ADMIN_EMAIL || 'admin@diallink.local').toLowerCase();
  const givenPassword = process.env.DIALLINK_ADMIN_PASSWORD;
  if (givenPassword !== undefined && givenPassword.length < 8)
    throw new Error('DIALLINK_ADMIN_PASSWORD must have at least 8 characters');
  const password = givenPassword || randomBytes(12).toString('base64url');
  const db = createAccountHubDatabase({ url, schema: serviceInfo('account-hub').schema, poolMax: 1 });
  try {
    const tenantId = randomUUID();
    const created = await applyChanges(db, tenantId, async (tx, changes) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', FIRST_TENANT_LOCK);
      if ((await tx.tenant.count()) > 0) return undefined;
      return createTenantWithOwner(tx, changes, tenantId, {
        companyName: 'DialLink',
        email,
        password,
        firstName: 'Admin',
        lastName: 'User',
      });
    });
    const result = created
      ? { created: true, tenantId: created.tenant.id, email, ...(givenPassword ? {} : { generatedPassword: password }) }
      : { created: false };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`seed-first-owner: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
