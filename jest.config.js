/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
	// starts the real Odoo servers (../shared/odoo) or says why the real-Odoo suites are skipped
	globalSetup: '<rootDir>/test/helpers/real-odoo-setup.ts',
	testTimeout: 30000,
};
