import type { LookupTables } from '../types';
import type { MappingSpec } from '../spec';
import { parseMappingSpec } from '../spec';
import { catalogPresets } from './catalog';
import { clientifyPresets } from './clientify';
import { salesforcePresets } from './salesforce';
import { sevenTargetsPresets } from './seventargets';
import type { Preset } from './types';

export type { Preset } from './types';
export { SEVEN_TARGETS_STATES, sevenTargetsState } from './seventargets';

/** Every mapping table of the seeds, by name. (Qobra's is a type table: see QOBRA_TYPES.) */
export const PRESETS: readonly Preset[] = [
	...clientifyPresets,
	...catalogPresets,
	...salesforcePresets,
	...sevenTargetsPresets,
];

export function getPreset(name: string): Preset {
	const preset = PRESETS.find((p) => p.name === name);
	if (!preset)
		throw new Error(
			`Unknown mapping preset "${name}" (presets: ${PRESETS.map((p) => p.name).join(', ')})`,
		);
	return preset;
}

/** The validated spec of a preset, named after it; run-time tables replace the preset's own (e.g. your categories). */
export function presetSpec(name: string, tables?: LookupTables): MappingSpec {
	return parseMappingSpec({ name, ...getPreset(name).spec }, { tables });
}
