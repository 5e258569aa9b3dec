import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam, WithLocation, ApiErrors } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { MeResponse, UserPatchRequest, UserPutRequest, UserRequest, UserResponse } from './dto/user.dto';
import { USER_QUERY } from './user.query';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Authorize()
  @ApiOkResponse({ type: MeResponse, description: 'The caller: user, tenant, roles and effective permissions.' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.users.me(principal);
  }

  @Get()
  @Authorize('account-hub:users:read')
  @ApiList(UserResponse, USER_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(USER_QUERY) query: ParsedListQuery,
  ): Promise<Page<UserResponse>> {
    return this.users.list(principal, query);
  }

  @Get(':id')
  @Authorize('account-hub:users:read')
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<UserResponse> {
    return this.users.get(principal, id);
  }

  @Post()
  @WithLocation()
  @Authorize('account-hub:users:write')
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The email is already registered.' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: UserRequest): Promise<UserResponse> {
    return this.users.create(principal, body);
  }

  @Put(':id')
  @Authorize('account-hub:users:write')
  @ApiErrors({ 409: 'The email is taken, or the change would leave the tenant without an enabled owner.' })
  @ApiOkResponse({ type: UserResponse })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: UserPutRequest,
  ): Promise<UserResponse> {
    return this.users.replace(principal, id, body);
  }

  @Patch(':id')
  @Authorize('account-hub:users:write')
  @ApiErrors({ 409: 'The email is taken, or the change would leave the tenant without an enabled owner.' })
  @ApiOkResponse({
    type: UserResponse,
    description: 'enabled: false disables the user and their sessions and API keys.',
  })
  patch(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: UserPatchRequest,
  ): Promise<UserResponse> {
    return this.users.patch(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('account-hub:users:write')
  @ApiErrors({ 409: 'The tenant must keep at least one enabled owner.' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.users.remove(principal, id);
  }
}
