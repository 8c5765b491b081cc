import { startFakeSevenTargets } from './index';

/** `node build/test/fakes/seventargets/cli.js --port N` — runs the fake until stopped. */
function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const fake = await startFakeSevenTargets({ port: Number(arg('port') ?? 0) });
	// One JSON line so scripts can read the URL; the client secret is the sandbox's own, not a real one.
	console.log(
		JSON.stringify({
			service: '7targets',
			url: fake.url,
			clientId: fake.clientId,
			clientSecret: fake.clientSecret,
			userIdentifier: fake.userIdentifier,
		}),
	);
	const stop = () => void fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`fake 7targets: ${error.message}`);
	process.exit(1);
});
