-- The Account Hub as a publisher of events and of credentials (no semicolon may appear in a
-- comment: the driver adapter splits the script at each one). Hand-written where Prisma's diff
-- would lose data: `subscriptions.product` turns from an enum into text (a product of the
-- service registry) in place, instead of being dropped and added again.

-- AlterTable: products come from the service registry (apps/<service>/service.json)
ALTER TABLE "subscriptions" ALTER COLUMN "product" TYPE TEXT USING "product"::text;

-- DropEnum
DROP TYPE "Product";

-- AlterTable: events carry a revision, so that consumers never apply an older state over a newer one
ALTER TABLE "tenants" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "outbox" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "tenant_id" UUID,
    "version" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "target" TEXT,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "event_sources" (
    "producer" TEXT NOT NULL,
    "request_id" UUID,
    "requested_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "event_sources_pkey" PRIMARY KEY ("producer")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_seq_key" ON "outbox"("seq");

-- CreateIndex
CREATE INDEX "outbox_published_at_seq_idx" ON "outbox"("published_at", "seq");

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");

-- The credential views (schema "credentials", made by provisioning and owned by this service's
-- role): what every service's guard reads to resolve an API key or a token's user, with
-- revocation announced by NOTIFY diallink_auth. Only what authentication needs: no password
-- hashes, no refresh tokens. Provisioning grants SELECT on them to every other service's role.
CREATE VIEW credentials.api_keys AS
SELECT k.id, k.tenant_id, k.user_id, k.key_hash, k.enabled, k.expires_at
FROM api_keys k;

CREATE VIEW credentials.principals AS
SELECT
    u.id,
    u.tenant_id,
    u.email,
    u.enabled,
    COALESCE(
        (SELECT jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'builtIn', r.built_in, 'permissions', r.permissions) ORDER BY r.name)
           FROM user_roles ur JOIN roles r ON r.id = ur.role_id
          WHERE ur.user_id = u.id),
        '[]'::jsonb
    ) AS roles,
    ARRAY(SELECT s.product FROM subscriptions s WHERE s.tenant_id = u.tenant_id ORDER BY s.product) AS products
FROM users u;
