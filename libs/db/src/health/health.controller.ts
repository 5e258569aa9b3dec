import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public, ServiceUnavailableError } from '@diallink/common';
import { DB_OPTIONS, DbOptions, ServiceDatabase } from '../service-database';

export class EventsHealth {
  @ApiProperty({ description: 'Deliveries to this service that failed every retry and wait in its dead-letter list.' })
  deadLetters!: number;
  @ApiProperty({ description: 'Events this service published that the relay has not handed to the bus yet.' })
  outboxBacklog!: number;
}

export class HealthResponse {
  @ApiProperty({ enum: ['ok'], description: 'Always `ok` in a 200.' })
  status!: 'ok';
  @ApiProperty({ enum: ['up'] })
  database!: 'up';
  @ApiPropertyOptional({
    type: EventsHealth,
    description: 'The service’s event delivery, when it publishes or consumes events.',
  })
  events?: EventsHealth;
}

type Contributor = () => Promise<Partial<Omit<HealthResponse, 'status' | 'database'>>>;

/** Parts of a service (its event delivery) that add figures to `GET /health`. */
@Injectable()
export class HealthRegistry {
  private readonly contributors: Contributor[] = [];

  register(contributor: Contributor): void {
    this.contributors.push(contributor);
  }

  async details(): Promise<Partial<HealthResponse>> {
    const parts = await Promise.all(this.contributors.map((contributor) => contributor().catch(() => ({}))));
    return Object.assign({}, ...parts) as Partial<HealthResponse>;
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(ServiceDatabase) private readonly database: ServiceDatabase<object>,
    private readonly registry: HealthRegistry,
    @Inject(DB_OPTIONS) private readonly options: DbOptions,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, database reachability and event delivery; no authentication.' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(): Promise<HealthResponse> {
    if (!(await this.database.isReachable(this.options.readinessTimeoutMs)))
      throw new ServiceUnavailableError('The database is unreachable.');
    return { status: 'ok', database: 'up', ...(await this.registry.details()) };
  }
}
