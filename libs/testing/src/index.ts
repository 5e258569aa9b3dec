export * from './test-database';
export * from './test-app';
export * from './service-basics';
export * from './test-secrets';
export * from './factories';
export * from './service-process';
export * from './eventually';
