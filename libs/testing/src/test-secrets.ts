import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface TestSecrets {
  JWT_PUBLIC_KEY: string;
  JWT_PRIVATE_KEY: string;
  API_KEY_PEPPER: string;
  SERVICE_TOKEN_SECRET: string;
}

let secrets: TestSecrets | undefined;

/** Signing keys and API-key pepper for the services under test: made up once per test process. */
export function testSecrets(): TestSecrets {
  if (!secrets) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    secrets = {
      JWT_PUBLIC_KEY: publicKey,
      JWT_PRIVATE_KEY: privateKey,
      API_KEY_PEPPER: randomBytes(32).toString('hex'),
      SERVICE_TOKEN_SECRET: randomBytes(32).toString('hex'),
    };
  }
  return secrets;
}
