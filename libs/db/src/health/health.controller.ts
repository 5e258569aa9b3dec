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

/** How long one answer of `GET /health` is reused: the database is asked at most once per interval. */
export const HEALTH_CACHE_MS = 1_000;

type Readiness = { ok: true; details: Partial<HealthResponse> } | { ok: false };

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** The last probe (settled or under way) and when it started: concurrent checks share it. */
  private probe?: { startedAt: number; result: Promise<Readiness> };

  constructor(
    @Inject(ServiceDatabase) private readonly database: ServiceDatabase<object>,
    private readonly registry: HealthRegistry,
    @Inject(DB_OPTIONS) private readonly options: DbOptions,
  ) {}

  /**
   * Readiness, probed at most once per `HEALTH_CACHE_MS`: a load balancer or a benchmark polling
   * the route costs the database one `SELECT 1` (and the event figures) per second, not one per
   * call. A failure is cached for the same interval, so a database that comes back shows within it.
   */
  private readiness(): Promise<Readiness> {
    const now = Date.now();
    if (!this.probe || now - this.probe.startedAt >= HEALTH_CACHE_MS) {
      const probe = {
        startedAt: now,
        result: this.database
          .isReachable(this.options.readinessTimeoutMs)
          .then(async (reachable): Promise<Readiness> => {
            if (reachable) return { ok: true, details: await this.registry.details() };
            if (this.probe === probe) this.probe = undefined;
            return { ok: false };
          }),
      };
      this.probe = probe;
    }
    return this.probe.result;
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, database reachability and event delivery; no authentication.' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(): Promise<HealthResponse> {
    const readiness = await this.readiness();
    if (!readiness.ok) throw new ServiceUnavailableError('The database is unreachable.');
    return { status: 'ok', database: 'up', ...readiness.details };
  }
}
