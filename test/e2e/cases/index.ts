/**
 * Every e2e case. A case names its workflow file; each template in
 * `workflows/` needs at least one, or the run fails.
 */
import type { E2eCase } from '../case';
import { catalogCases } from './catalog';
import { clientifyCases } from './clientify';
import { coreCases } from './core';
import { credentialCases } from './credentials';
import { odooCases } from './odoo';
import { odooInstantCases } from './odoo-instant';
import { qobraCases } from './qobra';
import { queueCases } from './queue';
import { sevenTargetsCases } from './seventargets';
import { salesforceCases } from './salesforce';

export const cases: E2eCase[] = [
	...coreCases,
	...credentialCases,
	...odooCases,
	...clientifyCases,
	...sevenTargetsCases,
	...catalogCases,
	...qobraCases,
	...salesforceCases,
];
/**
 * The pack's Odoo node and triggers alone: the pass against a real Odoo 19 over JSON-2. The Instant
 * Trigger needs Odoo 17+ automation rules, which neither the fake nor Odoo 16 has, so it runs here only.
 */
export const odooNodeCases: E2eCase[] = [...odooCases, ...odooInstantCases];
/** n8n in queue mode (main + worker, Redis, PostgreSQL) on a real Odoo 16: its own pass. */
export { queueCases };
