export {
	DEFAULT_BASE_URL,
	MAX_USERS_PER_CALL,
	QobraClient,
	type DataImport,
	type ImportStatus,
	type ParsingErrorDetail,
	type PushOptions,
	type QobraClientOptions,
	type QobraRow,
	type ReportingKind,
	type ReportingOptions,
	type TableImportDetail,
	type UserBatchResult,
	type WaitOptions,
} from './client';
export { QobraConverter, tableTemplate, type TableColumn, type TableTemplate } from './convert';
export { QobraError, errorFromResponse, type QobraErrorKind } from './errors';
export {
	exportOdooTable,
	waitForImports,
	type ImportsOutcome,
	summarizeImport,
	type ExportOptions,
	type ExportResult,
	type ImportLineError,
	type ImportSummary,
	type OdooSource,
} from './export';
