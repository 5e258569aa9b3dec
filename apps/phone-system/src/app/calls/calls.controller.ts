import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam, WithLocation } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, Page, SqlListQuery, SqlParsedListQuery } from '@diallink/query';
import { CALL_QUERY } from './call.query';
import { CALL_SQL_QUERY } from './calls.reader';
import { CallsService } from './calls.service';
import { CallPatchRequest, CallRequest } from './dto/call.request';
import { CallResponse } from './dto/call.response';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Get()
  @Authorize('phone-system:calls:read')
  @ApiOperation({
    summary:
      'The call log, newest first unless sorted; e.g. `?direction=outbound`, `?startedAt=btn::2026-01-01,2026-01-31`.',
  })
  @ApiList(CallResponse, CALL_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @SqlListQuery(CALL_SQL_QUERY) query: SqlParsedListQuery,
  ): Promise<Page<CallResponse>> {
    return this.calls.list(principal, query);
  }

  @Post()
  @WithLocation()
  @Authorize('phone-system:calls:write')
  @ApiOperation({
    summary: 'Records a call (from the switch, or click-to-call); the external number is matched to a contact.',
  })
  @ApiCreatedResponse({ type: CallResponse })
  @ApiBadRequestResponse({
    description:
      'Invalid numbers, times out of order, a status or duration that contradicts them, or a userId not of this tenant.',
  })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CallRequest): Promise<CallResponse> {
    return this.calls.create(principal, body);
  }

  @Get(':id')
  @Authorize('phone-system:calls:read')
  @ApiOkResponse({ type: CallResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<CallResponse> {
    return this.calls.get(principal, id);
  }

  @Patch(':id')
  @Authorize('phone-system:calls:write')
  @ApiOperation({ summary: 'Changes notes and tags, the only fields that change after a call is recorded.' })
  @ApiOkResponse({ type: CallResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: CallPatchRequest,
  ): Promise<CallResponse> {
    return this.calls.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('phone-system:calls:write')
  @ApiOperation({ summary: 'Deletes the call and its recording (metadata and audio).' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.calls.remove(principal, id);
  }
}
