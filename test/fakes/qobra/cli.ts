import { startFakeQobra } from './index';

/** `node build/test/fakes/qobra/cli.js --port N [--api-key K]` — runs the fake until stopped. */
function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const fake = await startFakeQobra({ port: Number(arg('port') ?? 0), apiKey: arg('api-key') });
	// One JSON line so scripts can read the base URL; the key is the sandbox's own, not a real secret.
	console.log(JSON.stringify({ service: 'qobra', url: fake.url, apiKey: fake.apiKey }));
	const stop = () => void fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`fake qobra: ${error.message}`);
	process.exit(1);
});
