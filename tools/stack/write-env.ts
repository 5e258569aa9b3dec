/**
 * `npm run secrets:env`: writes `.env` for docker compose with fresh secrets (token signing
 * keys, API-key pepper, PostgreSQL's administrator and each service role's password, the first
 * owner's password). An existing `.env` is left alone.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_SCHEMAS } from '../db/service-schemas';
import { databasePasswordVariable } from './secrets';

const file = path.resolve(__dirname, '../../.env');
if (existsSync(file)) {
  console.log('.env exists: nothing written.');
} else {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');
  const password = randomBytes(12).toString('base64url');
  writeFileSync(
    file,
    [
      `JWT_PUBLIC_KEY="${oneLine(publicKey)}"`,
      `JWT_PRIVATE_KEY="${oneLine(privateKey)}"`,
      `API_KEY_PEPPER=${randomBytes(32).toString('hex')}`,
      `SERVICE_TOKEN_SECRET=${randomBytes(32).toString('hex')}`,
      `POSTGRES_PASSWORD=${randomBytes(24).toString('base64url')}`,
      ...SERVICE_SCHEMAS.map(
        ({ service }) => `${databasePasswordVariable(service)}=${randomBytes(24).toString('base64url')}`,
      ),
      'DIALLINK_ADMIN_EMAIL=admin@diallink.local',
      `DIALLINK_ADMIN_PASSWORD=${password}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  console.log(`Wrote .env; the first owner is admin@diallink.local with password ${password}`);
}
