export * from './db.module';
export * from './prisma.service';
export * from './tenant-scope';
export * from './generated/prisma/client';
