import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import {
  BadRequestError,
  ConflictError,
  ErrorDetail,
  NotFoundError,
  invalidFieldsError,
  isRecordNotFound,
  isUniqueViolation,
} from '@diallink/common';
import { PhoneSystemDatabase, Prisma } from '../database';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { ActionDoc, BusinessHoursDoc, GreetingDoc, HolidayDoc, MenuDoc } from './auto-receptionist.model';
import {
  Reference,
  inspect,
  toActionDoc,
  toBusinessHoursDoc,
  toGreetingDoc,
  toHolidaysDoc,
  toMenuDoc,
} from './auto-receptionist.rules';
import {
  AutoReceptionistPatchRequest,
  AutoReceptionistRequest,
  RouteQueryRequest,
} from './dto/auto-receptionist.request';
import { AutoReceptionistResponse, RouteResponse } from './dto/auto-receptionist.response';
import { canonicalTimeZone, parseInstant } from './dto/validators';
import { resolveRoute } from './routing';

type AutoReceptionistRow = Prisma.AutoReceptionistGetPayload<object>;

function toResponse(row: AutoReceptionistRow): AutoReceptionistResponse {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    businessHours: toBusinessHoursDoc(row.businessHours as unknown as BusinessHoursDoc),
    holidays: toHolidaysDoc(row.holidays as unknown as HolidayDoc[]),
    greeting: toGreetingDoc(row.greeting as unknown as GreetingDoc | null),
    menu: toMenuDoc(row.menu as unknown as MenuDoc),
    afterHours: toActionDoc(row.afterHours as unknown as ActionDoc),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns a request writes; all of them for POST and PUT. */
interface Columns {
  name?: string;
  timezone?: string;
  businessHours?: Prisma.InputJsonValue;
  holidays?: Prisma.InputJsonValue;
  greeting?: Prisma.InputJsonValue | typeof Prisma.DbNull;
  menu?: Prisma.InputJsonValue;
  afterHours?: Prisma.InputJsonValue;
}

const json = (doc: unknown): Prisma.InputJsonValue => doc as Prisma.InputJsonValue;

/** POST and PUT: every field, the omitted optional ones cleared. */
function whole(input: AutoReceptionistRequest): AutoReceptionistPatchRequest {
  return { ...input, holidays: input.holidays ?? null, greeting: input.greeting ?? null };
}

/**
 * The tenant's auto-receptionists: weekly hours and holidays in a time zone, greeting, key-press
 * menus and where callers go after hours. Users and recordings they name must be the tenant's
 * (checked on every write of the field that names them); queues are checked for form only until
 * the Call Queue service has queues. A receptionist that phone numbers route to is not deleted.
 */
@Injectable()
export class AutoReceptionistsService {
  constructor(private readonly db: PhoneSystemDatabase) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<AutoReceptionistResponse>> {
    const receptionists = this.db.forTenant(principal.tenantId).autoReceptionist;
    return paginate(query, {
      findMany: (args) => receptionists.findMany(args).then((rows) => rows.map(toResponse)),
      count: (args) => receptionists.count(args),
    });
  }

  async get(principal: Principal, id: string): Promise<AutoReceptionistResponse> {
    return toResponse(await this.find(principal.tenantId, id));
  }

  async create(principal: Principal, input: AutoReceptionistRequest): Promise<AutoReceptionistResponse> {
    const data = await this.prepare(principal.tenantId, whole(input));
    try {
      const row = await this.db.forTenant(principal.tenantId).autoReceptionist.create({
        data: { tenantId: principal.tenantId, ...(data as Required<Columns>) },
      });
      return toResponse(row);
    } catch (error) {
      throw this.nameTaken(error, input.name);
    }
  }

  /** PUT: the whole receptionist; omitted holidays and greeting are cleared. */
  replace(principal: Principal, id: string, input: AutoReceptionistRequest): Promise<AutoReceptionistResponse> {
    return this.change(principal, id, whole(input));
  }

  /** PATCH: the top-level fields sent, each replaced as a whole. */
  patch(principal: Principal, id: string, input: AutoReceptionistPatchRequest): Promise<AutoReceptionistResponse> {
    return this.change(principal, id, input);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.db.transaction(principal.tenantId, async (tx, locks) => {
      // Locked against phone numbers being routed here meanwhile (they lock it FOR SHARE).
      if (!(await locks.forUpdate('AutoReceptionist', id))) throw new NotFoundError('Auto-receptionist', id);
      const receptionist = await tx.autoReceptionist.findFirstOrThrow({ where: { id }, select: { name: true } });
      const numbers = await tx.phoneNumber.findMany({
        where: { routeType: 'AUTO_RECEPTIONIST', routeTargetId: id },
        select: { id: true, number: true },
        orderBy: { number: 'asc' },
      });
      if (numbers.length > 0) {
        throw new ConflictError(
          `The auto-receptionist '${receptionist.name}' still answers ${numbers.map(({ number }) => number).join(', ')}: ` +
            'route those phone numbers elsewhere first.',
          numbers.map(({ id: numberId, number }) => ({
            field: 'phoneNumbers',
            message: `${number} (${numberId}) routes here`,
          })),
        );
      }
      await tx.autoReceptionist.delete({ where: { id } });
    });
  }

  async route(principal: Principal, id: string, query: RouteQueryRequest): Promise<RouteResponse> {
    const at = query.at === undefined ? new Date() : parseInstant(query.at);
    if (!at)
      throw new BadRequestError('Invalid query parameter at.', [
        { field: 'at', message: 'must be an ISO 8601 instant' },
      ]);
    const receptionist = toResponse(await this.find(principal.tenantId, id));
    return { autoReceptionistId: receptionist.id, ...resolveRoute(receptionist, at, query.key ?? '') };
  }

  private async change(
    principal: Principal,
    id: string,
    input: AutoReceptionistPatchRequest,
  ): Promise<AutoReceptionistResponse> {
    await this.find(principal.tenantId, id);
    const data = await this.prepare(principal.tenantId, input);
    try {
      const row = await this.db.forTenant(principal.tenantId).autoReceptionist.update({ where: { id }, data });
      return toResponse(row);
    } catch (error) {
      if (isRecordNotFound(error)) throw new NotFoundError('Auto-receptionist', id);
      throw this.nameTaken(error, input.name);
    }
  }

  private async find(tenantId: string, id: string): Promise<AutoReceptionistRow> {
    const row = await this.db.forTenant(tenantId).autoReceptionist.findFirst({ where: { id } });
    if (!row) throw new NotFoundError('Auto-receptionist', id);
    return row;
  }

  /** The columns of the fields present in `input`, checked and normalised; 400 naming every problem. */
  private async prepare(tenantId: string, input: AutoReceptionistPatchRequest): Promise<Columns> {
    const { problems, references } = inspect(input);
    if (problems.length > 0) throw invalidFieldsError(problems);
    const missing = await this.missingReferences(tenantId, references);
    if (missing.length > 0) throw invalidFieldsError(missing);
    return {
      name: input.name,
      timezone: input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone),
      businessHours: input.businessHours ? json(toBusinessHoursDoc(input.businessHours)) : undefined,
      holidays: input.holidays === undefined ? undefined : json(toHolidaysDoc(input.holidays)),
      greeting:
        input.greeting === undefined
          ? undefined
          : input.greeting === null
            ? Prisma.DbNull
            : json(toGreetingDoc(input.greeting)),
      menu: input.menu ? json(toMenuDoc(input.menu)) : undefined,
      afterHours: input.afterHours ? json(toActionDoc(input.afterHours)) : undefined,
    };
  }

  /** The references that name no enabled user, or no recording, of the tenant. */
  private async missingReferences(tenantId: string, references: Reference[]): Promise<ErrorDetail[]> {
    const idsOf = (kind: Reference['kind']) => [
      ...new Set(references.filter((r) => r.kind === kind).map((r) => r.id.toLowerCase())),
    ];
    const db = this.db.forTenant(tenantId);
    const [userIds, recordingIds] = [idsOf('user'), idsOf('recording')];
    const [users, recordings] = await Promise.all([
      userIds.length
        ? db.user.findMany({ where: { id: { in: userIds }, enabled: true, deletedAt: null }, select: { id: true } })
        : [],
      recordingIds.length ? db.recording.findMany({ where: { id: { in: recordingIds } }, select: { id: true } }) : [],
    ]);
    const found = new Set([...users, ...recordings].map(({ id }) => id));
    return references
      .filter(({ id }) => !found.has(id.toLowerCase()))
      .map(({ kind, field }) => ({
        field,
        message:
          kind === 'user' ? 'no enabled user of your tenant has this id' : 'no recording of your tenant has this id',
      }));
  }

  private nameTaken(error: unknown, name: string | undefined): unknown {
    if (!isUniqueViolation(error, ['tenant_id', 'name'])) return error;
    return new ConflictError(`An auto-receptionist named '${name}' already exists.`, [
      { field: 'name', message: 'already taken in your tenant' },
    ]);
  }
}
