/** The Clientify record types the pack works with, and what each needs to know about its API. */
export type ResourceName = 'contact' | 'company' | 'product' | 'order' | 'deal';

export interface ResourceSpec {
	/** URL segment, e.g. `contacts` in `/contacts/{id}/`. */
	path: string;
	/** Natural key for upsert (from the Clientify ⇄ Odoo integration). */
	upsertKey?: string;
	/** Query parameter that narrows a list to one key; `query` is a free-text search, so matches are re-checked exactly. */
	lookupParam?: string;
	/** Fields that hold a full resource URL instead of a bare id (deals). */
	urlRefs?: Record<string, string>;
	/** v2 requires `fields=` on every GET; these are asked for unless the caller overrides them. */
	defaultFields: string[];
}

export const RESOURCES: Record<ResourceName, ResourceSpec> = {
	contact: {
		path: 'contacts',
		upsertKey: 'email',
		lookupParam: 'email',
		defaultFields: [
			'id',
			'first_name',
			'last_name',
			'emails',
			'phones',
			'status',
			'company',
			'taxpayer_identification_number',
			'addresses',
			'tags',
			'custom_fields',
			'created',
			'modified',
		],
	},
	company: {
		path: 'companies',
		upsertKey: 'taxpayer_identification_number',
		lookupParam: 'query',
		defaultFields: [
			'id',
			'name',
			'business_name',
			'taxpayer_identification_number',
			'phones',
			'addresses',
			'created',
			'modified',
		],
	},
	product: {
		path: 'products',
		upsertKey: 'sku',
		lookupParam: 'query',
		defaultFields: ['id', 'name', 'sku', 'price', 'description', 'created', 'modified'],
	},
	order: {
		path: 'orders',
		defaultFields: [
			'id',
			'order_id',
			'order_date',
			'status',
			'ecommerce',
			'currency',
			'contact',
			'items',
			'created',
			'modified',
		],
	},
	deal: {
		path: 'deals',
		urlRefs: { contact: 'contacts', company: 'companies' },
		defaultFields: ['id', 'name', 'amount', 'contact', 'company', 'status', 'created', 'modified'],
	},
};

/** Entities a webhook slot can be registered for, with the events Clientify sends for them. */
export const WEBHOOK_ENTITIES = ['contact', 'company', 'product', 'deal', 'task'] as const;
export type WebhookEntity = (typeof WEBHOOK_ENTITIES)[number];

export const WEBHOOK_FIELDS = ['id', 'entity', 'target', 'events', 'headers', 'active'];
export const ME_FIELDS = ['id', 'email', 'first_name', 'last_name'];
