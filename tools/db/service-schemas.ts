/**
 * Where each service's database lives: its Prisma schema folder (prisma/<service>/, with its
 * migrations/) and its PostgreSQL schema, as its apps/<service>/service.json declares.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadRegistry } from '../registry/registry-source';

export const PRISMA_DIR = path.resolve(__dirname, '../../prisma');

export interface ServiceSchema {
  service: string;
  /** PostgreSQL schema, e.g. `phone_system`. */
  schema: string;
  /** prisma/<service>: its .prisma files. */
  schemaDir: string;
  migrationsDir: string;
}

export const SERVICE_SCHEMAS: readonly ServiceSchema[] = loadRegistry()
  .services.filter((service) => existsSync(path.join(PRISMA_DIR, service.name)))
  .map((service) => ({
    service: service.name,
    schema: service.schema,
    schemaDir: path.join(PRISMA_DIR, service.name),
    migrationsDir: path.join(PRISMA_DIR, service.name, 'migrations'),
  }));

/** The shared libraries' test tables (libs/testing/prisma), migrated by the Jest global setup. */
export const TESTKIT_SCHEMA: ServiceSchema = {
  service: 'testkit',
  schema: 'testkit',
  schemaDir: path.resolve(__dirname, '../../libs/testing/prisma'),
  migrationsDir: path.resolve(__dirname, '../../libs/testing/prisma/migrations'),
};

export function serviceSchema(service: string): ServiceSchema {
  const found = [...SERVICE_SCHEMAS, TESTKIT_SCHEMA].find((candidate) => candidate.service === service);
  if (!found)
    throw new Error(`No prisma/${service} folder: services are ${SERVICE_SCHEMAS.map((s) => s.service).join(', ')}`);
  return found;
}
