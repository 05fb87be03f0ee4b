/**
 * Extraction library: turns an imported file's bytes into normalised text plus metadata, in worker threads with
 * size, time and memory limits. The case service (main/core/case) is its caller.
 */
export { IngestError, DEFAULT_LIMITS } from './types';
export type { ExtractedSource, IngestLimits, SourceType } from './types';
export { detectSourceType } from './detect';
export { createExtractor, workerEntryPath, BUNDLED_WORKER_FILE } from './pool';
export type { Extractor, ExtractorOptions } from './pool';
export { signature, similarSources, internalRepetition, compare as compareSignatures } from './similarity';
export type { SourceSignature, SimilarPair, SimilarityOptions, Repetition, RepeatedSpan } from './similarity';
