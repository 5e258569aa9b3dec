import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServiceFixture, startServiceFixture } from '@diallink/testing';
import { PhoneSystemClient, PhoneSystemDatabase } from '../app/database';
import { SERVICE, appModule, configSpec } from '../app/service';

export interface PhoneSystemFixture extends ServiceFixture<PhoneSystemClient> {
  /** The service's own data directory (recordings), removed on close. */
  dataDir: string;
}

/** The Phone System on a database and data directory of its own (see `startServiceFixture`). */
export async function startPhoneSystem(env: Record<string, string> = {}): Promise<PhoneSystemFixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-phone-system-'));
  const fixture = await startServiceFixture(SERVICE, configSpec, appModule, {
    env: { DIALLINK_DATA_DIR: dataDir, ...env },
    client: (app) => app.get(PhoneSystemDatabase).unscoped,
  });
  return {
    ...fixture,
    dataDir,
    close: async () => {
      await fixture.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
