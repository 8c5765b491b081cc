import type { INodeProperties } from 'n8n-workflow';
import { perItem, type ItemOutcome } from '../../../lib/n8n/items';
import {
	externalIdProperty,
	recordIdProperty,
	recordProperties,
	showFor,
	sObjectProperty,
} from '../shared/descriptions';
import type { SalesforceBatch } from '../shared/operation';
import { asJson, csv, recordFor, str } from '../shared/parameters';

/** get, create, update and upsert of one record per item. */
export const description: INodeProperties[] = [
	sObjectProperty('get', 'create', 'update', 'upsert', 'collection', 'describe'),
	recordIdProperty('get', 'update'),
	externalIdProperty({ operation: ['upsert'] }),
	{
		displayName: 'External ID Value',
		name: 'externalIdValue',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFor('upsert'),
	},
	{
		displayName: 'Fields',
		name: 'getFields',
		type: 'string',
		default: '',
		placeholder: 'Name, Phone',
		description: 'Comma-separated; empty for every field',
		displayOptions: showFor('get'),
	},
	...recordProperties('create', 'update', 'upsert'),
];

export const get = ({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> =>
	perItem(ctx, items, async (i) =>
		asJson(
			await client.get(
				str(ctx, 'sObject', i),
				str(ctx, 'recordId', i),
				csv(str(ctx, 'getFields', i)),
			),
		),
	);

export const create = ({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> =>
	perItem(ctx, items, async (i) => await client.create(str(ctx, 'sObject', i), recordFor(ctx, i)));

export const update = ({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> =>
	perItem(
		ctx,
		items,
		async (i) =>
			await client.update(str(ctx, 'sObject', i), str(ctx, 'recordId', i), recordFor(ctx, i)),
	);

export const upsert = ({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> =>
	perItem(
		ctx,
		items,
		async (i) =>
			await client.upsert(
				str(ctx, 'sObject', i),
				str(ctx, 'externalIdField', i),
				str(ctx, 'externalIdValue', i),
				recordFor(ctx, i),
			),
	);

export const describe = ({ ctx, client, items }: SalesforceBatch): Promise<ItemOutcome[]> =>
	perItem(ctx, items, async (i) => asJson(await client.describe(str(ctx, 'sObject', i))));
