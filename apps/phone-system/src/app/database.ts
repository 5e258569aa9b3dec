import { Inject, Injectable } from '@nestjs/common';
import { DB_OPTIONS, DbOptions, ServiceDatabase, TransactionClient, prismaClientOptions } from '@diallink/db';
import { ListQueryDefinition, checkListQueryAgainstModel, datamodelInfo } from '@diallink/query';
import { DATAMODEL, ENUMS } from '../generated/datamodel/datamodel';
import { PrismaClient } from '../generated/prisma/client';

export * from '../generated/prisma/enums';
export { Prisma } from '../generated/prisma/client';
export type PhoneSystemClient = PrismaClient;
/** A tenant's view of the database (`forTenant`), or one of its transactions. */
export type Tx = TransactionClient<PrismaClient>;
export type Db = PrismaClient | Tx;

/** The Phone System's database: its own schema (`phone_system`), its own role, its own client. */
@Injectable()
export class PhoneSystemDatabase extends ServiceDatabase<PrismaClient> {
  constructor(@Inject(DB_OPTIONS) options: DbOptions) {
    super(new PrismaClient(prismaClientOptions(options)), DATAMODEL, options);
  }
}

/**
 * Checks list-query declarations (`<resource>.query.ts`) against the models they list, at
 * start-up (app.module): a path, `nullable` or tiebreaker that the schema contradicts stops the
 * service with every problem named, instead of answering 500s later.
 */
export function checkListQueries(queries: Record<string, ListQueryDefinition>): void {
  const datamodel = datamodelInfo(DATAMODEL, ENUMS);
  for (const [model, definition] of Object.entries(queries)) checkListQueryAgainstModel(definition, model, datamodel);
}
