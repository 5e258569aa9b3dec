import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import { ConflictError, NotFoundError, invalidFieldsError, isUniqueViolation } from '@diallink/common';
import { RowLocks } from '@diallink/db';
import { PhoneNumberCapability, PhoneNumberRouteType, PhoneSystemDatabase, Prisma, Tx } from '../database';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { PhoneNumberPatchRequest, PhoneNumberRequest, PhoneNumberRouteRequest } from './dto/phone-number.request';
import { PhoneNumberResponse } from './dto/phone-number.response';

type PhoneNumberRow = Prisma.PhoneNumberGetPayload<object>;

const CAPABILITY_ORDER = Object.values(PhoneNumberCapability);
const DEFAULT_CAPABILITIES = [PhoneNumberCapability.VOICE];
const UNASSIGNED: PhoneNumberRouteRequest = { type: PhoneNumberRouteType.UNASSIGNED, targetId: null };

const sortCapabilities = (capabilities: PhoneNumberCapability[]) =>
  [...capabilities].sort((a, b) => CAPABILITY_ORDER.indexOf(a) - CAPABILITY_ORDER.indexOf(b));

function toResponse(row: PhoneNumberRow): PhoneNumberResponse {
  return {
    id: row.id,
    number: row.number,
    label: row.label,
    capabilities: row.capabilities,
    route: { type: row.routeType, targetId: row.routeTargetId },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns of a request; all of them for POST and PUT. */
interface Columns {
  number?: string;
  label?: string | null;
  capabilities?: PhoneNumberCapability[];
  routeType?: PhoneNumberRouteType;
  routeTargetId?: string | null;
}

/**
 * The tenant's phone numbers and what each rings. A number belongs to at most one tenant of
 * DialLink: taking one in use is a 409 that does not say whose it is. Route targets must be the
 * tenant's (USER: an enabled user; AUTO_RECEPTIONIST: one of its receptionists, locked while the
 * route is written so that it cannot be deleted meanwhile); QUEUE ids are checked for form only.
 */
@Injectable()
export class PhoneNumbersService {
  constructor(private readonly db: PhoneSystemDatabase) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<PhoneNumberResponse>> {
    const numbers = this.db.forTenant(principal.tenantId).phoneNumber;
    return paginate(query, {
      findMany: (args) => numbers.findMany(args).then((rows) => rows.map(toResponse)),
      count: (args) => numbers.count(args),
    });
  }

  async get(principal: Principal, id: string): Promise<PhoneNumberResponse> {
    return toResponse(await this.find(principal.tenantId, id));
  }

  create(principal: Principal, input: PhoneNumberRequest): Promise<PhoneNumberResponse> {
    const { tenantId } = principal;
    return this.write(tenantId, async (tx, locks) => {
      const columns = await this.prepare(tx, locks, tenantId, undefined, this.whole(input));
      const row = await tx.phoneNumber.create({ data: { tenantId, ...(columns as Required<Columns>) } });
      return toResponse(row);
    });
  }

  /** PUT: the whole number; omitted label, capabilities and route go back to their defaults. */
  replace(principal: Principal, id: string, input: PhoneNumberRequest): Promise<PhoneNumberResponse> {
    return this.change(principal, id, this.whole(input));
  }

  /** PATCH: the fields sent; a sent route replaces the route. */
  patch(principal: Principal, id: string, input: PhoneNumberPatchRequest): Promise<PhoneNumberResponse> {
    return this.change(principal, id, input);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const { count } = await this.db.forTenant(principal.tenantId).phoneNumber.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError('Phone number', id);
  }

  private change(principal: Principal, id: string, input: PhoneNumberPatchRequest): Promise<PhoneNumberResponse> {
    const { tenantId } = principal;
    return this.write(tenantId, async (tx, locks) => {
      const existing = await this.find(tenantId, id, tx);
      const columns = await this.prepare(tx, locks, tenantId, existing.id, input);
      const row = await tx.phoneNumber.update({ where: { id: existing.id }, data: columns });
      return toResponse(row);
    });
  }

  /** One transaction; a unique violation that raced past the check is the same 409. */
  private async write<T>(tenantId: string, work: (tx: Tx, locks: RowLocks) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(tenantId, work);
    } catch (error) {
      if (isUniqueViolation(error, ['number'])) throw this.inUse('This number');
      throw error;
    }
  }

  private whole(input: PhoneNumberRequest): PhoneNumberPatchRequest {
    return {
      number: input.number,
      label: input.label ?? null,
      capabilities: input.capabilities ?? DEFAULT_CAPABILITIES,
      route: input.route ?? UNASSIGNED,
    };
  }

  private async prepare(
    tx: Tx,
    locks: RowLocks,
    tenantId: string,
    selfId: string | undefined,
    input: PhoneNumberPatchRequest,
  ): Promise<Columns> {
    const route = input.route === undefined ? undefined : (input.route ?? UNASSIGNED);
    if (input.number !== undefined) await this.checkNumberFree(tenantId, selfId, input.number);
    if (route) await this.checkTarget(tx, locks, route);
    return {
      number: input.number,
      label: input.label,
      capabilities:
        input.capabilities === undefined ? undefined : sortCapabilities(input.capabilities ?? DEFAULT_CAPABILITIES),
      routeType: route?.type,
      routeTargetId:
        route === undefined ? undefined : route.type === 'UNASSIGNED' ? null : (route.targetId?.toLowerCase() ?? null),
    };
  }

  /** 409 when any tenant has the number: "one of yours" for the caller's own, nothing more for another's. */
  private async checkNumberFree(tenantId: string, selfId: string | undefined, number: string): Promise<void> {
    // A number is unique across tenants: the check looks at every tenant's (a system path); the
    // unique index settles a race (P2002, the same 409).
    const holder = await this.db.unscoped.phoneNumber.findUnique({
      where: { number },
      select: { id: true, tenantId: true },
    });
    if (!holder || holder.id === selfId) return;
    if (holder.tenantId === tenantId) {
      throw new ConflictError(`${number} is already one of your phone numbers.`, [
        { field: 'number', message: `already one of your phone numbers (${holder.id})` },
      ]);
    }
    throw this.inUse(number);
  }

  private inUse(number: string): ConflictError {
    return new ConflictError(`${number} is already in use on DialLink and cannot be added.`, [
      { field: 'number', message: 'already in use' },
    ]);
  }

  private async checkTarget(tx: Tx, locks: RowLocks, route: PhoneNumberRouteRequest): Promise<void> {
    const targetId = route.targetId?.toLowerCase();
    let found = true;
    switch (route.type) {
      case 'USER':
        // Users as the read model knows them (the Account Hub's, kept by its events).
        found = (await tx.user.count({ where: { id: targetId, enabled: true, deletedAt: null } })) > 0;
        break;
      case 'AUTO_RECEPTIONIST':
        // FOR SHARE: a concurrent DELETE of the receptionist waits for this route, then sees it (409).
        found = targetId !== undefined && (await locks.forShare('AutoReceptionist', targetId));
        break;
      case 'QUEUE':
      case 'UNASSIGNED':
        break;
    }
    if (!found) {
      const what = route.type === 'USER' ? 'no enabled user' : 'no auto-receptionist';
      throw invalidFieldsError([{ field: 'route.targetId', message: `${what} of your tenant has this id` }]);
    }
  }

  private async find(tenantId: string, id: string, tx?: Tx): Promise<PhoneNumberRow> {
    const row = await (tx ?? this.db.forTenant(tenantId)).phoneNumber.findFirst({ where: { id } });
    if (!row) throw new NotFoundError('Phone number', id);
    return row;
  }
}
