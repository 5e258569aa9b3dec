import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, PERMISSIONS } from '@diallink/auth';
import { ApiList, Page, singlePage } from '@diallink/query';
import { PermissionResponse } from './dto/role.dto';

@ApiTags('roles')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authorize()
  @ApiOperation({ summary: 'The catalogue of permissions roles are made of, on one page.' })
  @ApiList(PermissionResponse)
  list(): Page<PermissionResponse> {
    return singlePage(PERMISSIONS.map((permission) => ({ ...permission })));
  }
}
