import { Inject, Injectable } from '@nestjs/common';
import { DB_OPTIONS, DbOptions, ServiceDatabase, TransactionClient, prismaClientOptions } from '@diallink/db';
import { ListQueryDefinition, checkListQueryAgainstModel, datamodelInfo } from '@diallink/query';
import { DATAMODEL, ENUMS } from '../generated/datamodel/datamodel';
import { Prisma, PrismaClient } from '../generated/prisma/client';

export { Prisma };
export type AccountHubClient = PrismaClient;
export type Tx = TransactionClient<PrismaClient>;

/** The Account Hub's database: its own schema (`account_hub`), its own role, its own client. */
@Injectable()
export class AccountHubDatabase extends ServiceDatabase<PrismaClient> {
  constructor(@Inject(DB_OPTIONS) options: DbOptions) {
    super(new PrismaClient(prismaClientOptions(options)), DATAMODEL, options);
  }
}

/** Checks list-query declarations against the models they list, at start-up (see the Phone System's). */
export function checkListQueries(queries: Record<string, ListQueryDefinition>): void {
  const datamodel = datamodelInfo(DATAMODEL, ENUMS);
  for (const [model, definition] of Object.entries(queries)) checkListQueryAgainstModel(definition, model, datamodel);
}

/** A client of the Account Hub's database outside Nest (the first start's seeding). */
export function createAccountHubDatabase(options: DbOptions): AccountHubDatabase {
  return new AccountHubDatabase(options);
}
