import type { BatchCounts, DocInput, DocMeta, EngineAnswer, EngineQuery } from './engine';
import type { SearchKind } from '../../../shared/search/schema';

export interface PageRequest {
  kind?: SearchKind;
  offset: number;
  limit: number;
  maxMatches: number;
}

/** Everything the main thread asks of the search worker; the worker answers each request in order. */
export type SearchRequest =
  | { op: 'load'; bytes: Uint8Array | null }
  | { op: 'upsert'; docs: DocInput[] }
  | { op: 'remove'; keys: string[] }
  | { op: 'meta'; entries: [string, DocMeta][] }
  | { op: 'query'; query: EngineQuery; page: PageRequest }
  | { op: 'count'; queries: EngineQuery[] }
  | { op: 'export' }
  | { op: 'stats' };

export interface SearchReplies {
  load: { loaded: boolean; manifest: [string, string][] };
  upsert: { size: number };
  remove: { size: number };
  meta: { size: number };
  query: EngineAnswer;
  count: BatchCounts[];
  export: { bytes: Uint8Array };
  stats: { docs: number; heapMb: number };
}

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; ok: true; value: unknown }
  | { kind: 'done'; id: number; ok: false; message: string };
