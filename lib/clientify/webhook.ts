export { newSecret, secretMatches } from '../secret';

/** Clientify signs nothing, so the trigger registers this header with a random secret and checks it on receipt. */
export const SECRET_HEADER = 'X-Clientify-Secret';

/** Events to register for an entity; deletes are opt-in because records are never deleted by a sync. */
export function eventsFor(entity: string, includeDeletes: boolean): string[] {
	return includeDeletes ? [`${entity}.saved`, `${entity}.deleted`] : [`${entity}.saved`];
}

/** Whether a delivered event should start the workflow (a slot may carry more events than were asked for). */
export function wantsEvent(event: string, entity: string, includeDeletes: boolean): boolean {
	const [prefix, action] = event.split('.');
	if (prefix !== entity) return false;
	return includeDeletes || action !== 'deleted';
}

export interface WebhookDelivery {
	event: string;
	entity: string;
	data: Record<string, unknown>;
	hook: Record<string, unknown> | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	!!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Accepts the current `{hook: {id, event, target}, data}` payload and the older
 * `{event, contact: {...}}` one (the record sits under its entity's name).
 */
export function normalizeDelivery(body: unknown): WebhookDelivery | undefined {
	if (!isObject(body)) return undefined;
	if (isObject(body.hook) && typeof body.hook.event === 'string') {
		const event = body.hook.event;
		return {
			event,
			entity: event.split('.')[0],
			data: isObject(body.data) ? body.data : {},
			hook: body.hook,
		};
	}
	if (typeof body.event === 'string') {
		const entity = body.event.split('.')[0];
		const data = body[entity] ?? body.data ?? Object.values(body).find(isObject);
		return { event: body.event, entity, data: isObject(data) ? data : {}, hook: null };
	}
	return undefined;
}
