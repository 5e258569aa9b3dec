import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam, WithLocation } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { AUTO_RECEPTIONIST_QUERY } from './auto-receptionist.query';
import { AutoReceptionistsService } from './auto-receptionists.service';
import {
  AutoReceptionistPatchRequest,
  AutoReceptionistRequest,
  RouteQueryRequest,
} from './dto/auto-receptionist.request';
import { AutoReceptionistResponse, RouteResponse } from './dto/auto-receptionist.response';
import { ACTION_CLASSES, GREETING_CLASSES } from './dto/menu.dto';

const INVALID = 'A field is invalid, or names a user or recording that is not your tenant’s; details name each field.';

@ApiTags('auto-receptionists')
@ApiExtraModels(...ACTION_CLASSES, ...GREETING_CLASSES)
@Controller('auto-receptionists')
export class AutoReceptionistsController {
  constructor(private readonly receptionists: AutoReceptionistsService) {}

  @Get()
  @Authorize('phone-system:auto-receptionists:read')
  @ApiList(AutoReceptionistResponse, AUTO_RECEPTIONIST_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(AUTO_RECEPTIONIST_QUERY) query: ParsedListQuery,
  ): Promise<Page<AutoReceptionistResponse>> {
    return this.receptionists.list(principal, query);
  }

  @Get(':id')
  @Authorize('phone-system:auto-receptionists:read')
  @ApiOkResponse({ type: AutoReceptionistResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<AutoReceptionistResponse> {
    return this.receptionists.get(principal, id);
  }

  @Get(':id/route')
  @Authorize('phone-system:auto-receptionists:read')
  @ApiOperation({
    summary:
      'Where a call arriving at `at` (default now) and pressing `key` would go: open or closed in the receptionist’s zone, then the menus.',
  })
  @ApiOkResponse({ type: RouteResponse })
  route(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Query() query: RouteQueryRequest,
  ): Promise<RouteResponse> {
    return this.receptionists.route(principal, id, query);
  }

  @Post()
  @WithLocation()
  @Authorize('phone-system:auto-receptionists:write')
  @ApiCreatedResponse({ type: AutoReceptionistResponse })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: 'The name is taken in your tenant.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AutoReceptionistRequest,
  ): Promise<AutoReceptionistResponse> {
    return this.receptionists.create(principal, body);
  }

  @Put(':id')
  @Authorize('phone-system:auto-receptionists:write')
  @ApiOkResponse({
    type: AutoReceptionistResponse,
    description: 'Replaced; omitted holidays and greeting are cleared.',
  })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: 'The name is taken in your tenant.' })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: AutoReceptionistRequest,
  ): Promise<AutoReceptionistResponse> {
    return this.receptionists.replace(principal, id, body);
  }

  @Patch(':id')
  @Authorize('phone-system:auto-receptionists:write')
  @ApiOkResponse({
    type: AutoReceptionistResponse,
    description: 'The top-level fields sent are replaced; the others stay.',
  })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: 'The name is taken in your tenant.' })
  patch(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: AutoReceptionistPatchRequest,
  ): Promise<AutoReceptionistResponse> {
    return this.receptionists.patch(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('phone-system:auto-receptionists:write')
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Phone numbers still route to it; the details name them.' })
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.receptionists.remove(principal, id);
  }
}
