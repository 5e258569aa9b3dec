export * from './db.module';
export * from './prisma.service';
export * from './tenant-scope';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type * from './generated/prisma/client';
