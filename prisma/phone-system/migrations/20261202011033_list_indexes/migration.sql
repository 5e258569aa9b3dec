-- Indexes of the list queries (bench/results/README.md says what each one bought).
-- B-trees lead with the tenant and match the default orders: contacts by id and by -updatedAt,
-- with the visibility columns (shared, owner_id) so that deep pages and capped counts are read
-- from the index alone, calls by -startedAt, -id (read backwards). Trigram GIN indexes serve
-- like (ILIKE) on every text and phone-number column of the big tables. The operator class is
-- named with its schema: pg_trgm lives in public (tools/db/extensions.ts) and a service's search
-- path is its own schema alone.

-- DropIndex
DROP INDEX "calls_tenant_id_direction_started_at_idx";

-- DropIndex
DROP INDEX "calls_tenant_id_started_at_idx";

-- DropIndex
DROP INDEX "contacts_tenant_id_updated_at_idx";

-- CreateIndex
CREATE INDEX "calls_tenant_id_started_at_id_idx" ON "calls"("tenant_id", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_tenant_id_direction_started_at_id_idx" ON "calls"("tenant_id", "direction", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_from_number_idx" ON "calls" USING GIN ("from_number" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "calls_to_number_idx" ON "calls" USING GIN ("to_number" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "calls_notes_idx" ON "calls" USING GIN ("notes" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contact_addresses_city_idx" ON "contact_addresses" USING GIN ("city" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contact_addresses_state_idx" ON "contact_addresses" USING GIN ("state" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contact_addresses_zip_idx" ON "contact_addresses" USING GIN ("zip" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contact_emails_tenant_id_email_idx" ON "contact_emails"("tenant_id", "email");

-- CreateIndex
CREATE INDEX "contact_emails_email_idx" ON "contact_emails" USING GIN ("email" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contact_phone_numbers_phone_number_idx" ON "contact_phone_numbers" USING GIN ("phone_number" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_tenant_id_id_shared_owner_id_idx" ON "contacts"("tenant_id", "id", "shared", "owner_id");

-- CreateIndex
CREATE INDEX "contacts_tenant_id_updated_at_id_shared_owner_id_idx" ON "contacts"("tenant_id", "updated_at" DESC, "id", "shared", "owner_id");

-- CreateIndex
CREATE INDEX "contacts_tenant_id_first_name_idx" ON "contacts"("tenant_id", "first_name");

-- CreateIndex
CREATE INDEX "contacts_tenant_id_last_name_idx" ON "contacts"("tenant_id", "last_name");

-- CreateIndex
CREATE INDEX "contacts_first_name_idx" ON "contacts" USING GIN ("first_name" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_last_name_idx" ON "contacts" USING GIN ("last_name" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_company_name_idx" ON "contacts" USING GIN ("company_name" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_address_line1_idx" ON "contacts" USING GIN ("address_line1" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_address_line2_idx" ON "contacts" USING GIN ("address_line2" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_city_idx" ON "contacts" USING GIN ("city" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contacts_zip_idx" ON "contacts" USING GIN ("zip" public.gin_trgm_ops);
