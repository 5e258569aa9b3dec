import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, PERMISSIONS } from '@diallink/auth';
import { Page, singlePage } from '@diallink/query';
import { PermissionResponse } from './dto/role.dto';

@ApiTags('roles')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authorize()
  @ApiOkResponse({ type: [PermissionResponse], description: 'The catalogue of permissions roles are made of.' })
  list(): Page<PermissionResponse> {
    return singlePage(PERMISSIONS.map((permission) => ({ ...permission })));
  }
}
