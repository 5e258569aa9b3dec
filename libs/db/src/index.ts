export * from './db.module';
export * from './datamodel';
export * from './service-database';
export * from './tenant-scope';
export { HealthRegistry, HealthResponse } from './health/health.controller';
export * from './tenant-reader';
export * from './tenant-writer';
export * from './pg-connection';
