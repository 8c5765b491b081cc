import { startFakeSalesforce } from './index';

/** `node build/test/fakes/salesforce/cli.js --port N [--tag T]` — runs the fake org until stopped. */
function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const fake = await startFakeSalesforce({ port: Number(arg('port') ?? 0), tag: arg('tag') });
	// One JSON line so scripts can read the URL and the sandbox's own (not real) client credentials.
	console.log(
		JSON.stringify({
			service: 'salesforce',
			url: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			username: fake.username,
			password: fake.password,
			securityToken: fake.securityToken,
			refreshToken: fake.refreshToken,
		}),
	);
	const stop = () => void fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`fake salesforce: ${error.message}`);
	process.exit(1);
});
