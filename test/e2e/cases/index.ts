/**
 * Every e2e case. A case names its workflow file; each template in
 * `workflows/` needs at least one, or the run fails.
 */
import type { E2eCase } from '../case';
import { clientifyCases } from './clientify';
import { coreCases } from './core';
import { credentialCases } from './credentials';
import { odooCases } from './odoo';
import { salesforceCases } from './salesforce';

export const cases: E2eCase[] = [
	...coreCases,
	...credentialCases,
	...odooCases,
	...clientifyCases,
	...salesforceCases,
];
/** The pack's Odoo node and trigger alone: the pass against a real Odoo 19 over JSON-2. */
export const odooNodeCases: E2eCase[] = odooCases;
