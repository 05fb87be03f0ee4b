import type { ExtractedSource, IngestLimits } from './types';

export interface WorkerRequest {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  limits: IngestLimits;
  /** Also compute the text's similarity signature here, off the caller's thread. */
  signature?: boolean;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; ok: true; result: ExtractedSource }
  | { kind: 'done'; id: number; ok: false; message: string }
  /** The worker's ArrayBuffer/Buffer memory passed limits.maxMemoryMb while reading request `id`: terminate it. */
  | { kind: 'memory'; id: number };
