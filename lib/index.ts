export * from './odoo';
export * from './http';
export * from './sync';
