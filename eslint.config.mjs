import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	// Dev tooling, never shipped: fakes, tests, the e2e runner and benchmarks.
	{ ignores: ['dist/**', '.n8n-runtime/**', 'scripts/**', 'test/**', 'docs/**', 'workflows/**'] },
	{
		// Self-hosted pack: it depends on xmlrpc, zod and luxon, so n8n Cloud's no-dependency rule cannot hold.
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// lib/ is framework-free (scripts and benchmarks use it too): it throws its own error
		// types, which nodes turn into NodeApiError at the boundary, and it may use Node's http.
		files: ['lib/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
