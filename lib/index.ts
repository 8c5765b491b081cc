export * from './odoo';
export * from './http';
