import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam, WithLocation, ApiErrors, ApiExamples } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { ApiKeyPatchRequest, ApiKeyRequest, ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.dto';
import { API_KEY_QUERY } from './api-key.query';
import { API_KEY_EXAMPLES } from './api-keys.examples';
import { ApiKeysService } from './api-keys.service';

/** Every authenticated user, a viewer included, manages their own keys (no permission needed). */
@ApiTags('api-keys')
@Controller('api-keys')
@Authorize()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'Your API keys (every key of the tenant for owners and admins), keys masked.' })
  @ApiList(ApiKeyResponse, API_KEY_QUERY)
  @ApiExamples(API_KEY_EXAMPLES.list)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(API_KEY_QUERY) query: ParsedListQuery,
  ): Promise<Page<ApiKeyResponse>> {
    return this.apiKeys.list(principal, query);
  }

  @Post()
  @WithLocation()
  @ApiErrors({ 409: 'You hold the most API keys one user may (MAX_API_KEYS_PER_USER): delete one first.' })
  @ApiOperation({ summary: 'A new key with your permissions, valid 365 days. The full key is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiExamples(API_KEY_EXAMPLES.create)
  create(@CurrentPrincipal() principal: Principal, @Body() body: ApiKeyRequest): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(principal, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiExamples(API_KEY_EXAMPLES.get)
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<ApiKeyResponse> {
    return this.apiKeys.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, disable or enable a key; a disabled key stops working on every service at once.' })
  @ApiOkResponse({ type: ApiKeyResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: ApiKeyPatchRequest,
  ): Promise<ApiKeyResponse> {
    return this.apiKeys.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.apiKeys.remove(principal, id);
  }
}
