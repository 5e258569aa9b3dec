import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiExamples, UuidParam, WithLocation } from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, Page, SqlListQuery, SqlParsedListQuery } from '@diallink/query';
import { CONTACT_QUERY } from './contact.query';
import { CONTACT_SQL_QUERY } from './contacts.reader';
import { CONTACT_EXAMPLES } from './contacts.examples';
import { ContactsService } from './contacts.service';
import { ContactRequest } from './dto/contact.request';
import { ContactResponse } from './dto/contact.response';

const DUPLICATE =
  'A phone number is already on another contact (named when you can see it); send forceSave: true to save anyway.';
const MISSING = 'No such contact, or another user’s private contact.';

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Authorize('phone-system:contacts:read')
  @ApiOperation({ summary: 'Shared contacts and your own private ones: filter, sort and page.' })
  @ApiList(ContactResponse, CONTACT_QUERY)
  @ApiExamples(CONTACT_EXAMPLES.list)
  list(
    @CurrentPrincipal() principal: Principal,
    @SqlListQuery(CONTACT_SQL_QUERY) query: SqlParsedListQuery,
  ): Promise<Page<ContactResponse>> {
    return this.contacts.list(principal, query);
  }

  @Get(':id')
  @Authorize('phone-system:contacts:read')
  @ApiOkResponse({ type: ContactResponse })
  @ApiExamples(CONTACT_EXAMPLES.get)
  @ApiNotFoundResponse({ description: MISSING })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<ContactResponse> {
    return this.contacts.get(principal, id);
  }

  @Post()
  @WithLocation()
  @Authorize('phone-system:contacts:write')
  @ApiOperation({ summary: 'Make a contact; you are its owner. Private (shared: false) unless you share it.' })
  @ApiCreatedResponse({ type: ContactResponse })
  @ApiExamples(CONTACT_EXAMPLES.create)
  @ApiConflictResponse({ description: DUPLICATE })
  create(@CurrentPrincipal() principal: Principal, @Body() body: ContactRequest): Promise<ContactResponse> {
    return this.contacts.create(principal, body);
  }

  @Put(':id')
  @Authorize('phone-system:contacts:write')
  @ApiOperation({ summary: 'Replace the whole contact: omitted fields are cleared, omitted lists emptied.' })
  @ApiOkResponse({ type: ContactResponse })
  @ApiExamples(CONTACT_EXAMPLES.replace)
  @ApiNotFoundResponse({ description: MISSING })
  @ApiConflictResponse({ description: DUPLICATE })
  @ApiForbiddenResponse({ description: 'Only the contact’s owner can change shared.' })
  replace(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: ContactRequest,
  ): Promise<ContactResponse> {
    return this.contacts.replace(principal, id, body);
  }

  @Patch(':id')
  @Authorize('phone-system:contacts:write')
  @ApiOperation({ summary: 'Change only the fields sent; a list sent replaces that list, a list not sent is kept.' })
  @ApiOkResponse({ type: ContactResponse })
  @ApiNotFoundResponse({ description: MISSING })
  @ApiConflictResponse({ description: DUPLICATE })
  @ApiForbiddenResponse({ description: 'Only the contact’s owner can change shared.' })
  patch(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Body() body: ContactRequest,
  ): Promise<ContactResponse> {
    return this.contacts.patch(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('phone-system:contacts:write')
  @ApiNoContentResponse({ description: 'Deleted, with its numbers, emails and addresses; calls keep no link to it.' })
  @ApiNotFoundResponse({ description: MISSING })
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.contacts.remove(principal, id);
  }
}
