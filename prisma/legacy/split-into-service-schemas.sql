-- Moves a database of the single-schema layout (every table in public, one migration history)
-- into the services' own schemas. Run once, by provisioning, as the administrator, inside one
-- transaction, after the schemas exist and before the services' migrations.

-- The one foreign key that crossed services: the Phone System's settings → the Account Hub's users.
ALTER TABLE public.phone_user_settings DROP CONSTRAINT phone_user_settings_user_id_fkey;

-- Account Hub
ALTER TABLE public.tenants SET SCHEMA account_hub;
ALTER TABLE public.users SET SCHEMA account_hub;
ALTER TABLE public.roles SET SCHEMA account_hub;
ALTER TABLE public.user_roles SET SCHEMA account_hub;
ALTER TABLE public.api_keys SET SCHEMA account_hub;
ALTER TABLE public.refresh_tokens SET SCHEMA account_hub;
ALTER TABLE public.subscriptions SET SCHEMA account_hub;
ALTER TYPE public."Product" SET SCHEMA account_hub;

-- Phone System
ALTER TABLE public.phone_user_settings SET SCHEMA phone_system;
ALTER TABLE public.contacts SET SCHEMA phone_system;
ALTER TABLE public.contact_phone_numbers SET SCHEMA phone_system;
ALTER TABLE public.contact_emails SET SCHEMA phone_system;
ALTER TABLE public.contact_addresses SET SCHEMA phone_system;
ALTER TABLE public.calls SET SCHEMA phone_system;
ALTER TABLE public.recordings SET SCHEMA phone_system;
ALTER TABLE public.auto_receptionists SET SCHEMA phone_system;
ALTER TABLE public.phone_numbers SET SCHEMA phone_system;
ALTER TYPE public."PresenceStatus" SET SCHEMA phone_system;
ALTER TYPE public."ContactType" SET SCHEMA phone_system;
ALTER TYPE public."Industry" SET SCHEMA phone_system;
ALTER TYPE public."ContactPhoneNumberType" SET SCHEMA phone_system;
ALTER TYPE public."ContactEmailType" SET SCHEMA phone_system;
ALTER TYPE public."ContactAddressType" SET SCHEMA phone_system;
ALTER TYPE public."CallDirection" SET SCHEMA phone_system;
ALTER TYPE public."CallStatus" SET SCHEMA phone_system;
ALTER TYPE public."PhoneNumberCapability" SET SCHEMA phone_system;
ALTER TYPE public."PhoneNumberRouteType" SET SCHEMA phone_system;

-- The old history stays for the record; each service now keeps its own in its schema.
ALTER TABLE public._prisma_migrations RENAME TO _prisma_migrations_single_schema;
