export * from './odoo';
export * from './http';
export * from './sync';
export * as mapping from './mapping';
export * as clientify from './clientify';
export * as qobra from './qobra';
export * as salesforce from './salesforce';
