export * from './client';
export { OdooError, type OdooErrorKind } from './errors';
export { and, Command, or, type X2manyCommand } from './orm';
export { SessionCache, sharedSessions } from './sessions';
