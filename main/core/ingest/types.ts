import type { SourceType } from '../../../shared/domain/source';
import type { TextSignature } from './text-signature';

export type { SourceType };

export interface ExtractedSource {
  type: SourceType;
  /** 'no-text-layer': a PDF we could open but not read (password, scanned images); never a silent empty text. */
  status: 'ok' | 'no-text-layer';
  /** Unicode NFC, newlines as \n; passages anchor to code-point offsets in this string. */
  text: string;
  title: string | null;
  author: string | null;
  /** ISO 8601 date or date-time. */
  date: string | null;
  url: string | null;
  /** ISO 639-1; null when the text is too short or too mixed to tell. */
  language: string | null;
  pages: number | null;
  /** Code-point offsets into `text` where each PDF page starts. */
  pageStarts: number[] | null;
  encoding: string | null;
  metadata: Record<string, string>;
  attachments: { name: string; size: number; contentType: string }[];
  /** Similarity signature of `text`, only when extract() was asked for it (`{ signature: true }`). */
  signature?: TextSignature;
}

/** Its message is shown to the journalist as is: one plain sentence, no stack, no jargon. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

export interface IngestLimits {
  maxFileBytes: number;
  timeoutMs: number;
  maxMemoryMb: number;
}

export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  // Big enough for long reports and mailbox exports, small enough that one file cannot starve a laptop.
  maxFileBytes: 200 * 1024 * 1024,
  timeoutMs: 60_000,
  maxMemoryMb: 1024,
});

export function resolveLimits(limits?: Partial<IngestLimits>): IngestLimits {
  const merged = { ...DEFAULT_LIMITS, ...(limits ?? {}) };
  for (const key of ['maxFileBytes', 'timeoutMs', 'maxMemoryMb'] as const) {
    const v = merged[key];
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`ingest limit ${key} must be a positive number`);
  }
  return merged;
}

export function emptySource(type: SourceType): ExtractedSource {
  return {
    type,
    status: 'ok',
    text: '',
    title: null,
    author: null,
    date: null,
    url: null,
    language: null,
    pages: null,
    pageStarts: null,
    encoding: null,
    metadata: {},
    attachments: [],
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function checkSize(size: number, limits: IngestLimits): void {
  if (size > limits.maxFileBytes) {
    throw new IngestError(`This file is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} import limit.`);
  }
}
