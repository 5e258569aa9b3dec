import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public, ServiceUnavailableError } from '@diallink/common';
import { PrismaService } from '../prisma.service';

export class HealthResponse {
  /** Always `ok` in a 200. */
  status!: 'ok';
  database!: 'up';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability; no authentication.' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(): Promise<HealthResponse> {
    if (!(await this.prisma.isReachable())) throw new ServiceUnavailableError('The database is unreachable.');
    return { status: 'ok', database: 'up' };
  }
}
