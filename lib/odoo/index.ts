export * from './client';
export { OdooError, OdooErrorKind } from './errors';
