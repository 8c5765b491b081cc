export {
	ClientifyClient,
	DEFAULT_BASE_URLS,
	type ApiVersion,
	type ClientifyClientOptions,
	type ClientifyRecord,
	type ListOptions,
	type WebhookRegistration,
} from './client';
export { ClientifyError, errorFromResponse, type ClientifyErrorKind } from './errors';
export {
	RESOURCES,
	WEBHOOK_ENTITIES,
	type ResourceName,
	type ResourceSpec,
	type WebhookEntity,
} from './resources';
export {
	changedFields,
	sameValue,
	upsertRecords,
	type UpsertAction,
	type UpsertOptions,
	type UpsertOutcome,
	type UpsertResult,
} from './upsert';
export {
	SECRET_HEADER,
	eventsFor,
	newSecret,
	normalizeDelivery,
	secretMatches,
	wantsEvent,
	type WebhookDelivery,
} from './webhook';
