import type { IExecuteFunctions } from 'n8n-workflow';

/** Whether a raw parameter value holds an n8n expression anywhere (a string starting with "="). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/**
 * The execution context with `getNodeParameter` read once for parameters that hold no expression: their value is
 * the same for every item, and n8n resolves them per call (about a millisecond per item for a node that reads
 * ten parameters). Parameters with an expression are still read per item.
 */
export function readOncePerNode(ctx: IExecuteFunctions): IExecuteFunctions {
	const raw = ctx.getNode().parameters;
	const cache = new Map<string, unknown>();
	const getNodeParameter = ((name: string, i: number, fallback?: unknown, options?: object) => {
		let value: unknown = raw;
		for (const key of name.split('.')) {
			if (hasExpression(value)) break;
			value = (value as Record<string, unknown> | undefined)?.[key];
		}
		if (hasExpression(value)) return ctx.getNodeParameter(name, i, fallback, options);
		const key = JSON.stringify([name, fallback, options]);
		if (!cache.has(key)) cache.set(key, ctx.getNodeParameter(name, i, fallback, options));
		return cache.get(key);
	}) as IExecuteFunctions['getNodeParameter'];
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}
