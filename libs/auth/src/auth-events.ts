import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * Revocation reaches every process through PostgreSQL NOTIFY: the Account Hub notifies the
 * tenant whose keys, users or roles changed (inside the changing transaction, so the notice is
 * sent at commit), and every service drops what it cached for that tenant.
 */
export const AUTH_CHANNEL = 'diallink_auth';

interface RawExecutor {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/** Tells every process that `tenantId`'s credentials or permissions changed; call inside the change's transaction. */
export async function notifyAuthChange(db: RawExecutor, tenantId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${AUTH_CHANNEL}, ${tenantId})`;
}

/** A LISTEN connection that reconnects; `connected` is false while notices could be missed. */
export class AuthEventListener {
  private readonly logger = new Logger('AuthEvents');
  private client: Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  connected = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onChange: (tenantId: string) => void,
    /** Called when the connection is lost or made: whatever was cached may be stale. */
    private readonly onReset: () => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      if (message.channel === AUTH_CHANNEL && message.payload) this.onChange(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      if (this.stopped) {
        client.removeAllListeners();
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.connected = true;
      this.onReset();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client && this.client !== client) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.client = undefined;
    this.onReset();
    client.removeAllListeners();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasConnected)
      this.logger.warn(`revocation channel lost (${error instanceof Error ? error.message : 'closed'}); reconnecting`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), 1_000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
    }
  }
}
