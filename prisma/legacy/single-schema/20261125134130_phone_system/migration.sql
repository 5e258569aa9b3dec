-- CreateEnum
CREATE TYPE "PresenceStatus" AS ENUM ('ONLINE', 'OFFLINE', 'BUSY', 'AWAY', 'DO_NOT_DISTURB');

-- CreateEnum
CREATE TYPE "ContactType" AS ENUM ('EXTERNAL', 'INTERNAL', 'LEAD', 'CUSTOMER', 'PARTNER', 'VENDOR');

-- CreateEnum
CREATE TYPE "Industry" AS ENUM ('AGRICULTURE', 'AUTOMOTIVE', 'CONSTRUCTION', 'EDUCATION', 'ENERGY', 'ENTERTAINMENT', 'FINANCIAL', 'GOVERNMENT', 'HEALTHCARE', 'HOSPITALITY', 'INSURANCE', 'LEGAL', 'MANUFACTURING', 'MEDIA', 'NONPROFIT', 'REAL_ESTATE', 'RETAIL', 'TECHNOLOGY', 'TELECOMMUNICATIONS', 'TRANSPORTATION', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactPhoneNumberType" AS ENUM ('WORK', 'MOBILE', 'HOME', 'MAIN', 'FAX', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactEmailType" AS ENUM ('WORK', 'PERSONAL', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactAddressType" AS ENUM ('WORK', 'HOME', 'BILLING', 'SHIPPING', 'OTHER');

-- CreateEnum
CREATE TYPE "CallDirection" AS ENUM ('INBOUND', 'OUTBOUND', 'INTERNAL');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('RINGING', 'IN_PROGRESS', 'COMPLETED', 'MISSED', 'VOICEMAIL', 'FAILED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "PhoneNumberCapability" AS ENUM ('VOICE', 'SMS', 'MMS', 'FAX');

-- CreateEnum
CREATE TYPE "PhoneNumberRouteType" AS ENUM ('UNASSIGNED', 'USER', 'AUTO_RECEPTIONIST', 'QUEUE');

-- CreateTable
CREATE TABLE "phone_user_settings" (
    "user_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "presence" "PresenceStatus" NOT NULL DEFAULT 'OFFLINE',
    "parallel_calls_enabled" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phone_user_settings_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "company_name" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "favorite" BOOLEAN NOT NULL DEFAULT false,
    "type" "ContactType" NOT NULL DEFAULT 'EXTERNAL',
    "industry" "Industry",
    "employee_count" INTEGER,
    "annual_revenue" DECIMAL(18,2),
    "address_line1" TEXT,
    "address_line2" TEXT,
    "city" TEXT,
    "zip" TEXT,
    "country" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_phone_numbers" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "type" "ContactPhoneNumberType" NOT NULL DEFAULT 'WORK',
    "phone_number" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "contact_phone_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_emails" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "type" "ContactEmailType" NOT NULL DEFAULT 'WORK',
    "email" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "contact_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_addresses" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "type" "ContactAddressType" NOT NULL DEFAULT 'WORK',
    "address_line1" TEXT,
    "address_line2" TEXT,
    "city" TEXT,
    "state" TEXT,
    "zip" TEXT,
    "country" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "contact_addresses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "direction" "CallDirection" NOT NULL,
    "status" "CallStatus" NOT NULL,
    "from_number" TEXT NOT NULL,
    "to_number" TEXT NOT NULL,
    "contact_id" UUID,
    "user_id" UUID,
    "queue_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "duration_seconds" INTEGER,
    "notes" TEXT,
    "tags" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "call_id" UUID,
    "content_type" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "duration_seconds" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auto_receptionists" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "business_hours" JSONB NOT NULL,
    "holidays" JSONB NOT NULL,
    "greeting" JSONB,
    "menu" JSONB NOT NULL,
    "after_hours" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auto_receptionists_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phone_numbers" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "label" TEXT,
    "capabilities" "PhoneNumberCapability"[],
    "route_type" "PhoneNumberRouteType" NOT NULL DEFAULT 'UNASSIGNED',
    "route_target_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "phone_numbers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "phone_user_settings_tenant_id_presence_idx" ON "phone_user_settings"("tenant_id", "presence");

-- CreateIndex
CREATE INDEX "contacts_tenant_id_updated_at_idx" ON "contacts"("tenant_id", "updated_at");

-- CreateIndex
CREATE INDEX "contacts_tenant_id_owner_id_idx" ON "contacts"("tenant_id", "owner_id");

-- CreateIndex
CREATE INDEX "contact_phone_numbers_contact_id_idx" ON "contact_phone_numbers"("contact_id");

-- CreateIndex
CREATE INDEX "contact_phone_numbers_tenant_id_phone_number_idx" ON "contact_phone_numbers"("tenant_id", "phone_number");

-- CreateIndex
CREATE INDEX "contact_emails_contact_id_idx" ON "contact_emails"("contact_id");

-- CreateIndex
CREATE INDEX "contact_addresses_contact_id_idx" ON "contact_addresses"("contact_id");

-- CreateIndex
CREATE INDEX "calls_tenant_id_started_at_idx" ON "calls"("tenant_id", "started_at");

-- CreateIndex
CREATE INDEX "calls_tenant_id_direction_started_at_idx" ON "calls"("tenant_id", "direction", "started_at");

-- CreateIndex
CREATE INDEX "calls_contact_id_idx" ON "calls"("contact_id");

-- CreateIndex
CREATE UNIQUE INDEX "recordings_call_id_key" ON "recordings"("call_id");

-- CreateIndex
CREATE UNIQUE INDEX "recordings_storage_key_key" ON "recordings"("storage_key");

-- CreateIndex
CREATE INDEX "recordings_tenant_id_created_at_idx" ON "recordings"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "auto_receptionists_tenant_id_name_key" ON "auto_receptionists"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "phone_numbers_number_key" ON "phone_numbers"("number");

-- CreateIndex
CREATE INDEX "phone_numbers_tenant_id_idx" ON "phone_numbers"("tenant_id");

-- AddForeignKey
ALTER TABLE "phone_user_settings" ADD CONSTRAINT "phone_user_settings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_phone_numbers" ADD CONSTRAINT "contact_phone_numbers_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_emails" ADD CONSTRAINT "contact_emails_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_addresses" ADD CONSTRAINT "contact_addresses_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE SET NULL ON UPDATE CASCADE;
