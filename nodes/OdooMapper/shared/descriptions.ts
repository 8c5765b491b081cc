import { odooCredentialDescriptions } from '../../../lib/n8n/odoo';

/** An Odoo connection is optional: only a mapping that resolves relations or checks custom fields needs one. */
export const odooAuth = odooCredentialDescriptions({ operation: ['map'], useOdoo: [true] });
