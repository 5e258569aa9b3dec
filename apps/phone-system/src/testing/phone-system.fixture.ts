import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { PrismaClient, createPrismaClient } from '@diallink/db';
import { AccountFactory, TestDatabase, startService } from '@diallink/testing';
import { SERVICE, appModule, configSpec } from '../app/service';

export interface PhoneSystemFixture {
  app: NestFastifyApplication;
  database: TestDatabase;
  /** A client of the same database, for arranging data and checking what was stored. */
  prisma: PrismaClient;
  /** Tenants, users and API keys (see AccountFactory). */
  accounts: AccountFactory;
  /** The service's own data directory (recordings), removed on close. */
  dataDir: string;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The Phone System on a database and data directory of its own. */
export async function startPhoneSystem(env: Record<string, string> = {}): Promise<PhoneSystemFixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-phone-system-'));
  const { app, database } = await startService(SERVICE, configSpec, appModule, { DIALLINK_DATA_DIR: dataDir, ...env });
  const prisma = createPrismaClient({ url: database.url, poolMax: 2 });
  return {
    app,
    database,
    prisma,
    accounts: new AccountFactory(prisma),
    dataDir,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await prisma.$disconnect();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
