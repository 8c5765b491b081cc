export * from './auth';
export * from './changes';
export * from './client';
export * from './errors';
