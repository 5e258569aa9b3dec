import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiExamples, UuidParam } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { PhoneUserPatchRequest, PhoneUserResponse } from './dto/phone-user.dto';
import { PHONE_USER_QUERY } from './phone-user.query';
import { PHONE_USER_EXAMPLES } from './phone-users.examples';
import { PhoneUsersService } from './phone-users.service';

@ApiTags('users')
@Controller('users')
export class PhoneUsersController {
  constructor(private readonly users: PhoneUsersService) {}

  @Get()
  @Authorize('phone-system:users:read')
  @ApiOperation({ summary: 'The tenant’s users with presence and call settings.' })
  @ApiList(PhoneUserResponse, PHONE_USER_QUERY)
  @ApiExamples(PHONE_USER_EXAMPLES.list)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(PHONE_USER_QUERY) query: ParsedListQuery,
  ): Promise<Page<PhoneUserResponse>> {
    return this.users.list(principal, query);
  }

  @Get(':id')
  @Authorize('phone-system:users:read')
  @ApiOkResponse({ type: PhoneUserResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<PhoneUserResponse> {
    return this.users.get(principal, id);
  }

  @Patch(':id')
  @Authorize('phone-system:users:write')
  @ApiOperation({ summary: 'Change presence (`{"status":{"status":"BUSY"}}`) and call settings.' })
  @ApiOkResponse({ type: PhoneUserResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: PhoneUserPatchRequest,
  ): Promise<PhoneUserResponse> {
    return this.users.update(principal, id, body);
  }
}
