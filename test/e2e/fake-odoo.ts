/** Helpers for cases that check records in the fake Odoo. */
import type { FakeOdoo } from '../fakes/odoo';
import type { Sandbox } from '../../scripts/sandbox';

export function fakeOdoo(sandbox: Sandbox): FakeOdoo {
	const fake = sandbox.odoo.fake;
	if (!fake) throw new Error('this case needs the fake Odoo, but the sandbox points at a real one');
	return fake;
}

export function partnersNamed(sandbox: Sandbox, name: string): Array<Record<string, unknown> & { id: number }> {
	return fakeOdoo(sandbox).env.searchRead('res.partner', [['name', '=', name]], ['id', 'name', 'ref', 'email', 'comment']) as Array<
		Record<string, unknown> & { id: number }
	>;
}
