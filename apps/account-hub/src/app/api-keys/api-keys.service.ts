import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions, Principal, generateApiKey, hashApiKey, maskApiKey } from '@diallink/auth';
import { ConflictError, NotFoundError } from '@diallink/common';
import { ACCOUNT_HUB_OPTIONS, AccountHubOptions } from '../common/account-hub-options';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import { AccountHubDatabase, Prisma, Tx } from '../database';
import { AccountChanges } from '../events/account-changes';
import { mayChange } from '../common/privileges';
import { ApiKeyPatchRequest, ApiKeyRequest, ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.dto';

export const API_KEY_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;
/** Holders of this permission (owners, admins) see and manage every key of the tenant. */
const MANAGE_ALL = 'account-hub:api-keys:write';

type ApiKey = Prisma.ApiKeyGetPayload<object>;

function toResponse(key: ApiKey): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    enabled: key.enabled,
    key: maskApiKey(key.lastFour),
    expiresAt: key.expiresAt.getTime(),
  };
}

/**
 * Every user manages their own keys; owners and admins see and manage all keys of the tenant.
 * Anyone else's key answers 404, like a missing one. A key acts with its maker's permissions.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: AccountHubDatabase,
    private readonly changes: AccountChanges,
    @Inject(AUTH_OPTIONS) private readonly auth: AuthOptions,
    @Inject(ACCOUNT_HUB_OPTIONS) private readonly options: AccountHubOptions,
  ) {}

  private visible(principal: Principal): Prisma.ApiKeyWhereInput {
    return principal.permissions.includes(MANAGE_ALL) ? {} : { userId: principal.userId };
  }

  list(principal: Principal, query: ParsedListQuery): Promise<Page<ApiKeyResponse>> {
    const keys = this.db.forTenant(principal.tenantId).apiKey;
    return paginate(
      query,
      {
        findMany: (args) => keys.findMany(args).then((rows) => rows.map(toResponse)),
        count: (args) => keys.count(args),
      },
      { where: this.visible(principal) },
    );
  }

  async get(principal: Principal, id: string): Promise<ApiKeyResponse> {
    return toResponse(await this.find(principal, id));
  }

  async create(principal: Principal, input: ApiKeyRequest): Promise<CreatedApiKeyResponse> {
    const key = generateApiKey();
    const row = await this.db.transaction(principal.tenantId, async (tx, locks) => {
      // Counted under a lock of the user's keys: two requests at once cannot both take the last one.
      await locks.advisory(`api-keys:${principal.userId}`);
      const held = await tx.apiKey.count({ where: { userId: principal.userId } });
      if (held >= this.options.maxApiKeysPerUser) {
        throw new ConflictError(
          `You hold ${held} API keys, the most one user may: delete one you no longer use first.`,
        );
      }
      return tx.apiKey.create({
        data: {
          tenantId: principal.tenantId,
          userId: principal.userId,
          name: input.name,
          enabled: input.enabled,
          keyHash: hashApiKey(key, this.auth.apiKeyPepper),
          lastFour: key.slice(-4),
          expiresAt: new Date(Date.now() + API_KEY_LIFETIME_MS),
        },
      });
    });
    return { ...toResponse(row), key };
  }

  async update(principal: Principal, id: string, input: ApiKeyPatchRequest): Promise<ApiKeyResponse> {
    return this.changes.apply(principal.tenantId, async (tx) => {
      const existing = await this.find(principal, id, tx);
      // Disabling or deleting anyone's key is protective and stays open to key administrators;
      // enabling one grants access, so only for a key whose user holds nothing the caller lacks.
      if (input.enabled === true && !existing.enabled) {
        const keyOwner = await tx.user.findUniqueOrThrow({
          where: { id: existing.userId },
          select: {
            id: true,
            roles: { select: { role: { select: { name: true, builtIn: true, permissions: true } } } },
          },
        });
        mayChange(principal, keyOwner);
      }
      const row = await tx.apiKey.update({
        where: { id: existing.id },
        data: { name: input.name, enabled: input.enabled },
      });
      return toResponse(row);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.changes.apply(principal.tenantId, async (tx) => {
      const existing = await this.find(principal, id, tx);
      await tx.apiKey.delete({ where: { id: existing.id } });
    });
  }

  private async find(principal: Principal, id: string, tx?: Tx): Promise<ApiKey> {
    const key = await (tx ?? this.db.forTenant(principal.tenantId)).apiKey.findFirst({
      where: { id, ...this.visible(principal) },
    });
    if (!key) throw new NotFoundError('API key', id);
    return key;
  }
}
