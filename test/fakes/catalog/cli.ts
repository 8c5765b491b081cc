import { startFakeCatalog } from './index';

/** `node build/test/fakes/catalog/cli.js --port N [--api-key K] [--products N]` — runs the fake until stopped. */
function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const fake = await startFakeCatalog({
		port: Number(arg('port') ?? 0),
		apiKey: arg('api-key'),
		products: Number(arg('products') ?? 0),
	});
	// One JSON line so scripts can read the base URL; the key is the sandbox's own, not a real secret.
	console.log(JSON.stringify({ service: 'catalog', url: fake.url, apiKey: fake.apiKey }));
	const stop = () => void fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`fake catalog: ${error.message}`);
	process.exit(1);
});
