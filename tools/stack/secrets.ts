/**
 * The secrets of a local stack: an ES256 key pair for access tokens, the API-key pepper, the
 * service-token secret and the password of each service's database role. Made once into `$DIALLINK_DATA_DIR/secrets.json`
 * (mode 600) and reused, so tokens, keys and roles survive restarts; what the environment sets
 * wins (`DIALLINK_DB_PASSWORD_<SCHEMA>` for a role, e.g. DIALLINK_DB_PASSWORD_PHONE_SYSTEM).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_SCHEMAS } from '../db/service-schemas';

export interface StackSecrets {
  JWT_PUBLIC_KEY: string;
  JWT_PRIVATE_KEY: string;
  API_KEY_PEPPER: string;
  SERVICE_TOKEN_SECRET: string;
  /** Password of each service's database role, by service name. */
  databasePasswords: Record<string, string>;
}

/** `DIALLINK_DB_PASSWORD_PHONE_SYSTEM`: where compose and a deployment give a role its password. */
export function databasePasswordVariable(service: string): string {
  const target = SERVICE_SCHEMAS.find((candidate) => candidate.service === service);
  return `DIALLINK_DB_PASSWORD_${(target?.schema ?? service).toUpperCase()}`;
}

function newKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function loadOrCreateSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): StackSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const stored: Partial<StackSecrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<StackSecrets>)
    : {};
  let changed = !existsSync(file);
  if (!stored.JWT_PUBLIC_KEY || !stored.JWT_PRIVATE_KEY) {
    const { publicKey, privateKey } = newKeyPair();
    Object.assign(stored, { JWT_PUBLIC_KEY: publicKey, JWT_PRIVATE_KEY: privateKey });
    changed = true;
  }
  if (!stored.API_KEY_PEPPER) {
    stored.API_KEY_PEPPER = randomBytes(32).toString('hex');
    changed = true;
  }
  if (!stored.SERVICE_TOKEN_SECRET) {
    stored.SERVICE_TOKEN_SECRET = randomBytes(32).toString('hex');
    changed = true;
  }
  stored.databasePasswords ??= {};
  for (const { service } of SERVICE_SCHEMAS) {
    if (!stored.databasePasswords[service]) {
      stored.databasePasswords[service] = newSecret();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const passwords = stored.databasePasswords;
  return {
    JWT_PUBLIC_KEY: env.JWT_PUBLIC_KEY ?? (stored.JWT_PUBLIC_KEY as string),
    JWT_PRIVATE_KEY: env.JWT_PRIVATE_KEY ?? (stored.JWT_PRIVATE_KEY as string),
    API_KEY_PEPPER: env.API_KEY_PEPPER ?? (stored.API_KEY_PEPPER as string),
    SERVICE_TOKEN_SECRET: env.SERVICE_TOKEN_SECRET ?? (stored.SERVICE_TOKEN_SECRET as string),
    databasePasswords: Object.fromEntries(
      SERVICE_SCHEMAS.map(({ service }) => [service, env[databasePasswordVariable(service)] ?? passwords[service]]),
    ),
  };
}
