/**
 * The floor as a process of its own (the bench starts it beside the stack):
 * PHONE_SYSTEM_DATABASE_URL, ACCOUNT_HUB_DATABASE_URL (the services' own roles), API_KEY_PEPPER,
 * JWT_PUBLIC_KEY, PORT; DB_POOL_MAX (10) and PRINCIPAL_CACHE_MS (30000) as the services read them.
 */
import { startFloor } from './floor';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing`);
  return value;
}

async function main(): Promise<void> {
  const floor = await startFloor(
    {
      phoneSystemUrl: required('PHONE_SYSTEM_DATABASE_URL'),
      accountHubUrl: required('ACCOUNT_HUB_DATABASE_URL'),
      apiKeyPepper: required('API_KEY_PEPPER'),
      jwtPublicKey: required('JWT_PUBLIC_KEY'),
      poolMax: Number(process.env.DB_POOL_MAX ?? 10),
      principalCacheMs: Number(process.env.PRINCIPAL_CACHE_MS ?? 30_000),
    },
    Number(process.env.PORT ?? 0),
    process.env.HOST ?? '127.0.0.1',
  );
  process.stdout.write(`floor listening at ${floor.origin}\n`);
  const stop = () => void floor.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
