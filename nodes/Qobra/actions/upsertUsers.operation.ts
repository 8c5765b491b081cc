import type { INodeProperties } from 'n8n-workflow';
import type { ItemOutcome } from '../../../lib/n8n/items';
import { MAX_USERS_PER_CALL, QobraError, type QobraRow } from '../../../lib/qobra';
import type { QobraBatch } from '../shared/operation';
import { showFor } from '../shared/parameters';

export const description: INodeProperties[] = [
	{
		displayName: `Each input item is one user: <code>email</code> (the key), and any of <code>first_name</code>, <code>last_name</code> and your user attributes' API keys. Sent ${MAX_USERS_PER_CALL} per call; Qobra takes a call's users all or none.`,
		name: 'usersNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('upsertUsers'),
	},
];

/**
 * Upserts the items as users by email, 200 per call. Every item comes out with its call's outcome; the items of a
 * call Qobra refused fail together with its reason (the other calls still land).
 */
export async function execute({ ctx, client, items }: QobraBatch): Promise<ItemOutcome[]> {
	const input = ctx.getInputData();
	const users = items.map((i) => input[i].json as QobraRow);
	const batches = await client.upsertUsers(users);
	const outcomes: ItemOutcome[] = [];
	for (const b of batches)
		for (let n = b.first; n <= b.last; n++)
			outcomes.push(
				b.status === 'upserted'
					? { json: { email: b.emails[n - b.first], status: 'upserted', batch: b.batch } }
					: {
							error: new QobraError(
								'validation',
								`Batch ${b.batch} (users ${b.first + 1}–${b.last + 1}) was not upserted, none of its ${b.last - b.first + 1} users: ${b.error}`,
							),
						},
			);
	return outcomes;
}
