import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, ApiErrors } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal, RateLimitByAddress } from '@diallink/auth';
import { SignUpRequest, SignUpResponse, TenantPatchRequest, TenantResponse } from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Public()
  @RateLimitByAddress()
  @ApiErrors({ 429: 'Too many requests from your address: wait Retry-After seconds.' })
  @ApiOperation({ summary: 'Sign up: a new tenant with its owner, subscribed to every product.' })
  @ApiCreatedResponse({ type: SignUpResponse })
  @ApiConflictResponse({ description: 'The email is already registered.' })
  @ApiForbiddenResponse({ description: 'Sign-up is switched off (SIGNUP_ENABLED=false).' })
  signUp(@Body() body: SignUpRequest): Promise<SignUpResponse> {
    return this.tenants.signUp(body);
  }

  @Get('current')
  @Authorize('account-hub:tenant:read')
  @ApiOkResponse({ type: TenantResponse })
  current(@CurrentPrincipal() principal: Principal): Promise<TenantResponse> {
    return this.tenants.current(principal.tenantId);
  }

  @Patch('current')
  @Authorize('account-hub:tenant:write')
  @ApiOkResponse({ type: TenantResponse })
  update(@CurrentPrincipal() principal: Principal, @Body() body: TenantPatchRequest): Promise<TenantResponse> {
    return this.tenants.update(principal.tenantId, body);
  }
}
