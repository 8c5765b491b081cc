export * from './types';
export {
	parseMappingSpec,
	parseTables,
	tablesFromRows,
	MappingSpecError,
	FIELD_TYPES,
	formatPath,
} from './spec';
export type { FieldSpec, FieldType, MappingSpec, ParseOptions } from './spec';
export { TRANSFORMS, normalizeKey } from './transforms';
export type { TransformDef, Step } from './transforms';
export { createMapper } from './mapper';
export type { ItemResult, Mapper, MappingMeta } from './mapper';
export { reverseSpec } from './reverse';
export type { IrreversibleField, ReversedMapping } from './reverse';
export { QOBRA_TYPES, qobraColumnTypes } from './qobra';
export type { QobraColumn, QobraColumns } from './qobra';
export { evaluateExpression } from './expression';
export { parseNumber, roundHalfUp, currencyDecimals } from './numbers';
export { normalizePhone } from './phone';
export { PRESETS, getPreset, presetSpec, SEVEN_TARGETS_STATES, sevenTargetsState } from './presets';
export type { Preset } from './presets';
