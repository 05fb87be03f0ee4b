import type { ImportJobStatus } from '../../../shared/api/contract';

/** Writes to a TTY or a log file (process.stderr in the CLI, a fake in tests). */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

interface FollowableJob {
  onProgress(listener: (status: ImportJobStatus) => void): () => void;
  status(): ImportJobStatus;
}

/** Lines on a non-terminal: often enough to show life in a CI log, rare enough not to flood it. */
const LOG_EVERY_MS = 2_000;
const TTY_EVERY_MS = 100;

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function progressLine(status: ImportJobStatus): string {
  const pct = status.total > 0 ? Math.floor((status.done / status.total) * 100) : 0;
  const parts = [
    `Importing ${status.done}/${status.total} (${pct}%)`,
    `${status.imported} imported, ${status.duplicates} duplicate(s), ${status.failed} failed`,
  ];
  if (status.rate > 0) parts.push(`${status.rate.toFixed(1)} files/s`);
  if (status.etaSeconds !== null && status.state === 'running') parts.push(`${formatDuration(status.etaSeconds)} left`);
  return parts.join(' · ');
}

/**
 * Progress of a CLI import on stderr: one line rewritten in place on a terminal, a line every few seconds
 * otherwise (so stdout stays clean for --json).
 */
export function importProgress(stream: ProgressStream, now: () => number = Date.now) {
  let last = 0;
  let wroteInPlace = false;
  let unsubscribe: (() => void) | null = null;
  const show = (status: ImportJobStatus, force = false): void => {
    const t = now();
    if (!force && t - last < (stream.isTTY ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    last = t;
    const line = progressLine(status);
    if (stream.isTTY) {
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      const current = status.current ? ` · ${status.current}` : '';
      stream.write(`\r\x1b[2K${(line + current).slice(0, width)}`);
      wroteInPlace = true;
    } else {
      stream.write(`${line}\n`);
    }
  };
  return {
    follow: (job: FollowableJob): void => {
      unsubscribe = job.onProgress((status) => show(status, status.state !== 'running'));
      show(job.status(), true);
    },
    end: (): void => {
      unsubscribe?.();
      if (wroteInPlace) stream.write('\n');
    },
  };
}
