/** A ready-made mapping from the seeds. `spec` is plain JSON: users can copy it into the mapper and edit it. */
export interface Preset {
	name: string;
	label: string;
	description: string;
	spec: Record<string, unknown>;
}
