import { Inject, Injectable } from '@nestjs/common';
import { DB_OPTIONS, DbOptions, ServiceDatabase, prismaClientOptions } from '@diallink/db';
import { DATAMODEL } from '../generated/datamodel/datamodel';
import { PrismaClient } from '../generated/prisma/client';

export type CallQueueClient = PrismaClient;

/** The service's database: its own schema, its own role, its own client (its event bookkeeping so far). */
@Injectable()
export class CallQueueDatabase extends ServiceDatabase<PrismaClient> {
  constructor(@Inject(DB_OPTIONS) options: DbOptions) {
    super(new PrismaClient(prismaClientOptions(options)), DATAMODEL, options);
  }
}
