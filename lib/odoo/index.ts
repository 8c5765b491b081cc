export * from './client';
export { OdooError, type OdooErrorKind } from './errors';
export { SessionCache, sharedSessions } from './sessions';
