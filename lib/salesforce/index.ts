export * from './auth';
export * from './client';
export * from './errors';
