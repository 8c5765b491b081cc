import { config } from '@n8n/node-cli/eslint';

// The n8n rules guard code that n8n loads (no fs/process/timers/spawn, NodeApiError, no secrets in source).
const n8nRules = config
	.flatMap((c) => Object.keys(c.rules ?? {}))
	.filter((rule) => rule.startsWith('@n8n/community-nodes/'));

export default [
	...config,
	{ ignores: ['dist/**', 'build/**', '.n8n-runtime/**', 'docs/**', 'workflows/**'] },
	{
		// Dev tooling, never shipped or loaded by n8n: tests, fakes, the sandbox, the e2e runner, benchmarks.
		// It keeps the JavaScript and typescript-eslint recommended rules; off are the n8n rules (this code
		// runs fake servers, spawns n8n and reads files; the fakes' keys are fixed sandbox values) and
		// no-console (CLIs and the e2e runner report on stdout).
		files: ['scripts/**/*.ts', 'test/**/*.ts'],
		rules: {
			...Object.fromEntries(n8nRules.map((rule) => [rule, 'off'])),
			'no-console': 'off',
			// `const { id: _id, ...rest } = record` is how tests leave a property out.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
		},
	},
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
