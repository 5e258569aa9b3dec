export * from './client';
export * from './errors';
export * from './paging';
export * from './result';
export * from './session';
export type * as AccountHub from './generated/account-hub';
export type * as PhoneSystem from './generated/phone-system';
