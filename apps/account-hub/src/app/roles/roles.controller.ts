import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam, WithLocation, ApiErrors } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { RolePatchRequest, RoleRequest, RoleResponse } from './dto/role.dto';
import { ROLE_QUERY } from './role.query';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authorize('account-hub:roles:read')
  @ApiList(RoleResponse, ROLE_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(ROLE_QUERY) query: ParsedListQuery,
  ): Promise<Page<RoleResponse>> {
    return this.roles.list(principal, query);
  }

  @Get(':id')
  @Authorize('account-hub:roles:read')
  @ApiOkResponse({ type: RoleResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<RoleResponse> {
    return this.roles.get(principal, id);
  }

  @Post()
  @WithLocation()
  @Authorize('account-hub:roles:write')
  @ApiCreatedResponse({ type: RoleResponse })
  @ApiConflictResponse({ description: 'The name is taken or is a built-in role’s.' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: RoleRequest): Promise<RoleResponse> {
    return this.roles.create(principal, body);
  }

  @Put(':id')
  @Authorize('account-hub:roles:write')
  @ApiOkResponse({ type: RoleResponse })
  @ApiConflictResponse({ description: 'Built-in roles are read-only.' })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: RoleRequest,
  ): Promise<RoleResponse> {
    return this.roles.replace(principal, id, body);
  }

  @Patch(':id')
  @Authorize('account-hub:roles:write')
  @ApiOkResponse({ type: RoleResponse })
  @ApiConflictResponse({ description: 'Built-in roles are read-only.' })
  patch(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: RolePatchRequest,
  ): Promise<RoleResponse> {
    return this.roles.patch(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('account-hub:roles:write')
  @ApiErrors({ 409: 'Built-in roles cannot be deleted.' })
  @ApiNoContentResponse({ description: 'Users who held the role lose it.' })
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.roles.remove(principal, id);
  }
}
