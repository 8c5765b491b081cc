import { startFakeClientify } from './index';

/** `node build/test/fakes/clientify/cli.js --port N [--api-key K] [--version v1|v2]` — runs the fake until stopped. */
function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const version = arg('version') ?? 'v1';
	if (version !== 'v1' && version !== 'v2') throw new Error('--version must be v1 or v2');
	const fake = await startFakeClientify({
		port: Number(arg('port') ?? 0),
		apiKey: arg('api-key'),
		version,
	});
	// One JSON line so scripts can read the base URL; the key is the sandbox's own, not a real secret.
	console.log(
		JSON.stringify({ service: 'clientify', url: fake.url, apiKey: fake.apiKey, version }),
	);
	const stop = () => void fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`fake clientify: ${error.message}`);
	process.exit(1);
});
