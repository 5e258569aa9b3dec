import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam, WithLocation } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { PhoneNumberPatchRequest, PhoneNumberRequest } from './dto/phone-number.request';
import { PhoneNumberResponse } from './dto/phone-number.response';
import { PHONE_NUMBER_QUERY } from './phone-number.query';
import { PhoneNumbersService } from './phone-numbers.service';

const INVALID =
  'A field is invalid (number not E.164), or route.targetId is not your tenant’s user or auto-receptionist.';
const IN_USE = 'The number is already in use on DialLink (yours or another account’s; which other one is never said).';

@ApiTags('phone-numbers')
@Controller('phone-numbers')
export class PhoneNumbersController {
  constructor(private readonly numbers: PhoneNumbersService) {}

  @Get()
  @Authorize('phone-system:phone-numbers:read')
  @ApiList(PhoneNumberResponse, PHONE_NUMBER_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(PHONE_NUMBER_QUERY) query: ParsedListQuery,
  ): Promise<Page<PhoneNumberResponse>> {
    return this.numbers.list(principal, query);
  }

  @Get(':id')
  @Authorize('phone-system:phone-numbers:read')
  @ApiOkResponse({ type: PhoneNumberResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<PhoneNumberResponse> {
    return this.numbers.get(principal, id);
  }

  @Post()
  @WithLocation()
  @Authorize('phone-system:phone-numbers:write')
  @ApiCreatedResponse({ type: PhoneNumberResponse })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: IN_USE })
  create(@CurrentPrincipal() principal: Principal, @Body() body: PhoneNumberRequest): Promise<PhoneNumberResponse> {
    return this.numbers.create(principal, body);
  }

  @Put(':id')
  @Authorize('phone-system:phone-numbers:write')
  @ApiOkResponse({
    type: PhoneNumberResponse,
    description: 'Replaced; omitted label, capabilities and route go back to null, [VOICE] and UNASSIGNED.',
  })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: IN_USE })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: PhoneNumberRequest,
  ): Promise<PhoneNumberResponse> {
    return this.numbers.replace(principal, id, body);
  }

  @Patch(':id')
  @Authorize('phone-system:phone-numbers:write')
  @ApiOkResponse({ type: PhoneNumberResponse, description: 'The fields sent change; a sent route replaces the route.' })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiConflictResponse({ description: IN_USE })
  patch(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: PhoneNumberPatchRequest,
  ): Promise<PhoneNumberResponse> {
    return this.numbers.patch(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('phone-system:phone-numbers:write')
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.numbers.remove(principal, id);
  }
}
