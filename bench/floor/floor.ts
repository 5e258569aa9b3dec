/**
 * The floor: the same URLs, JSON, credential check, tables, indexes, pool size and count rule as
 * the stack's Phone System and Account Hub, answered by `node:http` and `pg` with hand-written
 * SQL — the practical limit of Node and PostgreSQL on this machine, which the bench compares the
 * stack against. Each service's routes use that service's own database role and a pool of its
 * size (DB_POOL_MAX). It covers what the bench sends; anything else is a 400 or 404.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { authorize, FloorAuth, FloorPrincipal } from './auth';
import { FloorContacts } from './contacts';
import { HttpError, readJson, sendError, sendJson } from './http';
import { Binder, ListSpec, pagingOf, parseList } from './list-query';

export interface FloorOptions {
  /** The Phone System's own connection (its role, search_path phone_system). */
  phoneSystemUrl: string;
  /** The Account Hub's own connection. */
  accountHubUrl: string;
  apiKeyPepper: string;
  jwtPublicKey: string;
  poolMax: number;
  principalCacheMs: number;
}

export interface Floor {
  server: Server;
  origin: string;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PS = '/v1/phone-system';
const AH = '/v1/account-hub';

const CALL_LIST: ListSpec = {
  alias: 'c',
  defaultOrder: 'c.started_at DESC, c.id DESC',
  fields: {
    id: { kind: 'uuid', column: 'c.id', sortable: true },
    direction: { kind: 'enum', column: 'c.direction', values: ['INBOUND', 'OUTBOUND', 'INTERNAL'], sortable: true },
    status: {
      kind: 'enum',
      column: 'c.status',
      values: ['RINGING', 'IN_PROGRESS', 'COMPLETED', 'MISSED', 'VOICEMAIL', 'FAILED', 'ABANDONED'],
      sortable: true,
    },
    contactId: { kind: 'uuid', column: 'c.contact_id', nullable: true },
    startedAt: { kind: 'date', column: 'c.started_at', sortable: true },
    durationSeconds: { kind: 'integer', column: 'c.duration_seconds', nullable: true, sortable: true },
    createdAt: { kind: 'date', column: 'c.created_at', sortable: true },
    updatedAt: { kind: 'date', column: 'c.updated_at', sortable: true },
  },
};

interface CallRow {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL';
  status: string;
  from_number: string;
  to_number: string;
  contact_id: string | null;
  user_id: string | null;
  queue_id: string | null;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
  recording_id: string | null;
  notes: string | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

function toCall(row: CallRow) {
  const external = row.direction === 'INBOUND' ? 'from' : row.direction === 'OUTBOUND' ? 'to' : null;
  return {
    id: row.id,
    direction: row.direction,
    status: row.status,
    from: {
      number: row.from_number,
      contactId: external === 'from' ? row.contact_id : null,
      userId: external === 'from' ? null : row.user_id,
    },
    to: {
      number: row.to_number,
      contactId: external === 'to' ? row.contact_id : null,
      userId: external === 'from' ? row.user_id : null,
    },
    fromNumber: row.from_number,
    toNumber: row.to_number,
    contactId: row.contact_id,
    userId: row.user_id,
    queueId: row.queue_id,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds,
    recordingId: row.recording_id,
    notes: row.notes,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function startFloor(options: FloorOptions, port = 0, host = '127.0.0.1'): Promise<Floor> {
  const pool = (url: string, max: number) => {
    const created = new Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
    created.on('error', () => undefined);
    return created;
  };
  const phone = pool(options.phoneSystemUrl, options.poolMax);
  const hub = pool(options.accountHubUrl, options.poolMax);
  const phoneAuth = new FloorAuth(phone, options.phoneSystemUrl, options);
  const hubAuth = new FloorAuth(hub, options.accountHubUrl, options);
  await Promise.all([phoneAuth.start(), hubAuth.start()]);
  const contacts = new FloorContacts(phone);

  const phoneRoute = async (
    req: IncomingMessage,
    path: string,
    params: URLSearchParams,
  ): Promise<[number, unknown]> => {
    if (path === '/health' && req.method === 'GET') {
      const { rows } = await phone.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM event_bus.job WHERE name = 'phone-system.events.dead' AND state < 'active'",
      );
      return [200, { status: 'ok', database: 'up', events: { deadLetters: rows[0].n, outboxBacklog: 0 } }];
    }
    const principal = await phoneAuth.authenticate(req.headers);
    const [, resource, id, more] = path.split('/');
    if (more !== undefined) throw new HttpError(404, 'No such route.');
    if (resource === 'contacts') {
      if (id === undefined) {
        if (req.method === 'GET')
          return [200, await guarded(principal, 'read', () => contacts.list(principal, params))];
        if (req.method === 'POST')
          return [201, await guarded(principal, 'write', async () => contacts.create(principal, await readJson(req)))];
      } else {
        if (!UUID.test(id))
          throw new HttpError(400, "Path parameter 'id' must be a UUID.", [{ field: 'id', message: 'must be a UUID' }]);
        const lower = id.toLowerCase();
        if (req.method === 'GET') return [200, await guarded(principal, 'read', () => contacts.get(principal, lower))];
        if (req.method === 'PATCH')
          return [
            200,
            await guarded(principal, 'write', async () => contacts.patch(principal, lower, await readJson(req))),
          ];
      }
    }
    if (resource === 'calls' && id === undefined && req.method === 'GET') {
      authorize(principal, 'PHONE_SYSTEM', 'phone-system:calls:read');
      return [200, await listCalls(principal, params)];
    }
    throw new HttpError(404, `No such route: ${req.method} ${PS}${path}.`);
  };

  const guarded = <T>(principal: FloorPrincipal, access: 'read' | 'write', work: () => Promise<T>): Promise<T> => {
    authorize(principal, 'PHONE_SYSTEM', `phone-system:contacts:${access}`);
    return work();
  };

  const listCalls = async (principal: FloorPrincipal, params: URLSearchParams) => {
    const values: unknown[] = [];
    const bind: Binder = (value) => `$${values.push(value)}`;
    const list = parseList(CALL_LIST, params, bind);
    const where = [`c.tenant_id = ${bind(principal.tenantId)}`, ...list.where].join(' AND ');
    const { rows } = await phone.query<CallRow>(
      `SELECT c.*, r.id AS recording_id FROM calls c LEFT JOIN recordings r ON r.call_id = c.id
        WHERE ${where} ORDER BY ${list.orderBy} LIMIT ${list.pageSize + 1} OFFSET ${(list.pageNumber - 1) * list.pageSize}`,
      values,
    );
    const hasNextPage = rows.length > list.pageSize;
    const data = (hasNextPage ? rows.slice(0, list.pageSize) : rows).map(toCall);
    const paging = await pagingOf(list, data.length, hasNextPage, async (limit) => {
      const sql =
        limit === undefined
          ? `SELECT count(*)::int AS n FROM calls c WHERE ${where}`
          : `SELECT count(*)::int AS n FROM (SELECT 1 FROM calls c WHERE ${where} LIMIT ${limit}) s`;
      return (await phone.query<{ n: number }>(sql, values)).rows[0].n;
    });
    return { data, paging };
  };

  const hubRoute = async (req: IncomingMessage, path: string): Promise<[number, unknown]> => {
    if (path !== '/users/me' || req.method !== 'GET')
      throw new HttpError(404, `No such route: ${req.method} ${AH}${path}.`);
    const principal = await hubAuth.authenticate(req.headers);
    const { rows } = await hub.query(
      `SELECT u.id, u.email, u.first_name AS "firstName", u.last_name AS "lastName", u.job_title AS "jobTitle",
              u.enabled, u.created_at AS "createdAt", u.updated_at AS "updatedAt",
              coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name)
                          FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '[]') AS roles,
              json_build_object('id', t.id, 'name', t.name, 'timezone', t.timezone, 'locale', t.locale) AS tenant
         FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1 AND u.tenant_id = $2`,
      [principal.userId, principal.tenantId],
    );
    if (!rows[0]) throw new HttpError(404, 'User not found.');
    const { tenant, ...user } = rows[0] as { tenant: unknown } & Record<string, unknown>;
    return [
      200,
      {
        user,
        tenant,
        roles: principal.roles,
        permissions: principal.permissions,
        products: principal.products,
        authenticatedWith: principal.credential,
      },
    ];
  };

  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const path = url.pathname.replace(/\/+$/, '');
    const route = path.startsWith(`${PS}/`)
      ? phoneRoute(req, path.slice(PS.length), url.searchParams)
      : path.startsWith(`${AH}/`)
        ? hubRoute(req, path.slice(AH.length))
        : Promise.reject(new HttpError(404, `No such route: ${req.method} ${path}.`));
    route.then(
      ([status, body]) => {
        const location =
          status === 201 ? { location: `${path}/${(body as { id: string }).id}` } : ({} as Record<string, string>);
        sendJson(res, status, body, location);
      },
      (error: unknown) => sendError(req, res, error),
    );
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    origin: `http://${host}:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([phoneAuth.stop(), hubAuth.stop()]);
      await Promise.all([phone.end(), hub.end()]);
    },
  };
}
