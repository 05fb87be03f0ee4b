import { describe, expect, it } from 'vitest';
import { formatDuration, importProgress, progressLine } from '../../../main/hosts/cli/import-progress';
import type { ImportJobStatus } from '../../../shared/api/contract';

const base: ImportJobStatus = {
  jobId: 'imp-1',
  state: 'running',
  total: 2000,
  done: 500,
  imported: 480,
  duplicates: 15,
  failed: 5,
  rate: 125.04,
  etaSeconds: 12,
  current: 'folder/report.pdf',
  startedAt: '2025-01-01T00:00:00.000Z',
  elapsedSeconds: 4,
  error: null,
  report: null,
};

function fakeJob() {
  let listener: ((s: ImportJobStatus) => void) | null = null;
  let status = base;
  return {
    onProgress: (l: (s: ImportJobStatus) => void) => {
      listener = l;
      return () => (listener = null);
    },
    status: () => status,
    emit(next: Partial<ImportJobStatus>) {
      status = { ...status, ...next };
      listener?.(status);
    },
  };
}

describe('CLI import progress', () => {
  it('says counts, rate and time left in one line', () => {
    expect(progressLine(base)).toBe('Importing 500/2000 (25%) · 480 imported, 15 duplicate(s), 5 failed · 125.0 files/s · 12s left');
    expect(progressLine({ ...base, rate: 0, etaSeconds: null })).toBe('Importing 500/2000 (25%) · 480 imported, 15 duplicate(s), 5 failed');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(75)).toBe('1m 15s');
  });

  it('rewrites one line on a terminal and ends it with a newline', () => {
    const out: string[] = [];
    let now = 0;
    const progress = importProgress({ write: (c) => out.push(c) > 0, isTTY: true, columns: 200 }, () => now);
    const job = fakeJob();
    progress.follow(job);
    now += 50;
    job.emit({ done: 501 }); // too soon after the last paint
    now += 200;
    job.emit({ done: 600 });
    progress.end();
    expect(out).toHaveLength(3);
    const clear = '\r\u001b[2K';
    expect(out[0]?.startsWith(`${clear}Importing 500/2000 `)).toBe(true);
    expect(out[0]?.endsWith(' · folder/report.pdf')).toBe(true);
    expect(out[1]?.startsWith(`${clear}Importing 600/2000`)).toBe(true);
    expect(out[2]).toBe('\n');
  });

  it('writes a line every two seconds to a log, and always the last one', () => {
    const out: string[] = [];
    let now = 0;
    const progress = importProgress({ write: (c) => out.push(c) > 0 }, () => now);
    const job = fakeJob();
    progress.follow(job);
    for (let i = 1; i <= 50; i++) {
      now += 100;
      job.emit({ done: 500 + i });
    }
    job.emit({ done: 2000, state: 'done' });
    progress.end();
    expect(out.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    // t=0, t=2 s, t=4 s, and the final state.
    expect(out).toHaveLength(4);
    expect(out[3]).toMatch(/^Importing 2000\/2000 \(100%\)/);
  });
});
