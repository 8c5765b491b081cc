export * from './client';
export { OdooError, type OdooErrorKind } from './errors';
