/**
 * The secrets of a local stack: an ES256 key pair for access tokens and the API-key pepper.
 * Made once into `$DIALLINK_DATA_DIR/secrets.json` (mode 600) and reused, so tokens and keys
 * survive restarts; variables already in the environment win.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StackSecrets {
  JWT_PUBLIC_KEY: string;
  JWT_PRIVATE_KEY: string;
  API_KEY_PEPPER: string;
}

export function loadOrCreateSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): StackSecrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: StackSecrets;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StackSecrets;
  } else {
    const { publicKey, privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    stored = { JWT_PUBLIC_KEY: publicKey, JWT_PRIVATE_KEY: privateKey, API_KEY_PEPPER: randomBytes(32).toString('hex') };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return {
    JWT_PUBLIC_KEY: env.JWT_PUBLIC_KEY ?? stored.JWT_PUBLIC_KEY,
    JWT_PRIVATE_KEY: env.JWT_PRIVATE_KEY ?? stored.JWT_PRIVATE_KEY,
    API_KEY_PEPPER: env.API_KEY_PEPPER ?? stored.API_KEY_PEPPER,
  };
}
