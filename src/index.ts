// The public API, `import { ... } from 'migcheck'`: writing a model, loading one, checking it,
// and writing what a check found in each format the CLI writes.
export * from './api/model.ts';
export * from './api/temporal.ts';
export { checkModel, constantsOf, type CheckOptions, type CheckReport } from './api/check.ts';
export { classifyViolations, type Census, type ClassCount, type PropertyCensus } from './api/census.ts';
export { loadModel } from './load/load-model.ts';
export type { CoverageRow, Progress, ReachabilityResult, Status, Violation } from './engine/search/result.ts';
export type { Trace, TraceStep } from './engine/search/trace.ts';
export { EXIT, exitCodeOf, UserError, type ExitCode, type ViolationKind } from './errors.ts';
export { formatReport, formatTrace } from './report/text.ts';
export { reportJson as toJson } from './report/json.ts';
export { traceToItf as toItf } from './report/itf.ts';
