import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam, WithLocation } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, Page, singlePage } from '@diallink/query';
import { SubscriptionRequest, SubscriptionResponse } from './dto/subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Authorize('account-hub:subscriptions:read')
  @ApiOperation({ summary: 'The products your tenant subscribes to, on one page.' })
  @ApiList(SubscriptionResponse)
  async list(@CurrentPrincipal() principal: Principal): Promise<Page<SubscriptionResponse>> {
    return singlePage(await this.subscriptions.list(principal));
  }

  @Post()
  @WithLocation()
  @Authorize('account-hub:subscriptions:write')
  @ApiCreatedResponse({ type: SubscriptionResponse })
  @ApiConflictResponse({ description: 'Already subscribed.' })
  add(@CurrentPrincipal() principal: Principal, @Body() body: SubscriptionRequest): Promise<SubscriptionResponse> {
    return this.subscriptions.add(principal, body.product);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('account-hub:subscriptions:write')
  @ApiNoContentResponse({ description: 'The product’s service refuses the tenant from now on (403).' })
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.subscriptions.remove(principal, id);
  }
}
