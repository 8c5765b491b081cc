export {
	ENVIRONMENTS,
	SevenTargetsClient,
	TOKEN_SCOPE,
	TokenCache,
	normalizeLead,
	sharedTokens,
	type Environment,
	type SevenTargetsConfig,
	type SevenTargetsRecord,
} from './client';
export {
	SevenTargetsError,
	errorFromResponse,
	tokenError,
	type SevenTargetsErrorKind,
} from './errors';
export { sevenTargetsConfig } from './config';
export {
	FINAL_STATES,
	SEVEN_TARGETS_FIELDS,
	applyStatus,
	prepareOdoo,
	statesByStage,
	syncAssistants,
	type FieldSpec,
	type PrepareResult,
	type StatusResult,
} from './odoo-setup';
