import { useSyncExternalStore } from 'react';
import type { ImportJobStatus, ImportReport } from '../../../shared/api/contract';
import { plural } from '../../components/format';
import type { ImportProgressStore } from './progressStore';

export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 5) return 'a few seconds left';
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s left`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min left`;
}

/** Shown for the moment between pressing Import and main's first answer. */
const WAITING: ImportJobStatus = {
  jobId: '',
  state: 'running',
  total: 0,
  done: 0,
  imported: 0,
  duplicates: 0,
  failed: 0,
  rate: 0,
  etaSeconds: null,
  current: null,
  startedAt: '',
  elapsedSeconds: 0,
  error: null,
  report: null,
};

type ProgressProps = { progress: ImportProgressStore; onCancel: (() => void) | null };

export function ImportProgressPanel({ progress, onCancel }: ProgressProps) {
  const { status: latest, cancelling } = useSyncExternalStore(progress.subscribe, progress.get);
  const status = latest ?? WAITING;
  const fraction = status.total === 0 ? 0 : status.done / status.total;
  return (
    <section className="import-panel" data-testid="import-progress" data-done={status.done} data-total={status.total} aria-label="Import progress">
      <div className="import-panel-head">
        <strong aria-live="polite">
          Importing {status.done.toLocaleString()} of {plural(status.total, 'file')}
        </strong>
        {onCancel ? (
          <button type="button" className="btn btn-secondary btn-small" onClick={onCancel} disabled={cancelling} data-testid="import-cancel">
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      <progress max={status.total || 1} value={status.done} aria-label="Files imported">
        {Math.round(fraction * 100)}%
      </progress>
      <p className="import-counts import-live-counts" data-testid="import-live-counts">
        <span className="count count-ok">
          <b>{status.imported.toLocaleString()}</b> imported
        </span>
        <span className="count">
          <b>{status.duplicates.toLocaleString()}</b> duplicates
        </span>
        <span className={`count${status.failed > 0 ? ' count-bad' : ''}`}>
          <b>{status.failed.toLocaleString()}</b> failed
        </span>
      </p>
      <p className="import-rate muted" data-testid="import-rate">
        {status.rate > 0 ? `${status.rate.toFixed(1)} files/s · ${formatEta(status.etaSeconds)}` : 'Starting…'}
      </p>
      {status.current ? (
        <p className="import-current muted" dir="auto" title={status.current}>
          {status.current}
        </p>
      ) : null}
    </section>
  );
}

type SummaryProps = {
  report: ImportReport;
  /** 'cancelled' when the user stopped it; 'failed' when the case could not be written (with the reason). */
  ending?: { state: 'done' | 'cancelled' | 'failed'; error: string | null; notImported: number };
  onOpen: (id: string) => void;
  onDismiss: () => void;
};

export function ImportSummary({ report, ending, onOpen, onDismiss }: SummaryProps) {
  const imported = report.imported.length;
  const duplicates = report.duplicates.length;
  const failed = report.failed.length;
  const state = ending?.state ?? 'done';
  const heading = state === 'cancelled' ? 'Import cancelled' : state === 'failed' ? 'Import stopped' : 'Import finished';
  return (
    <section
      className={`import-panel import-summary${failed > 0 || state !== 'done' ? ' has-failures' : ''}`}
      data-testid="import-summary"
      data-state={state}
      data-imported={imported}
      data-duplicates={duplicates}
      data-failed={failed}
      aria-live="polite"
      aria-label="Import summary"
    >
      <div className="import-panel-head">
        <strong>{heading}</strong>
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss import summary">
          ×
        </button>
      </div>
      {state === 'cancelled' && ending ? (
        <p className="import-note" data-testid="import-cancelled-note">
          Cancelled: {plural(ending.notImported, 'file')} not imported. What was imported before stays in the case.
        </p>
      ) : null}
      {state === 'failed' && ending?.error ? (
        <p className="import-note count-bad" role="alert">
          {ending.error}
        </p>
      ) : null}
      <p className="import-counts">
        <span className="count count-ok">
          <b>{imported}</b> imported
        </span>
        <span className="count">
          <b>{duplicates}</b> skipped as {duplicates === 1 ? 'duplicate' : 'duplicates'}
        </span>
        <span className={`count${failed > 0 ? ' count-bad' : ''}`}>
          <b>{failed}</b> failed
        </span>
      </p>
      {duplicates > 0 ? (
        <details className="import-details" open={duplicates <= 5}>
          <summary>Already in the case</summary>
          <ul data-testid="import-duplicates">
            {report.duplicates.map((duplicate) => (
              <li key={`${duplicate.file}:${duplicate.existingId}`}>
                <span className="import-file" dir="auto">
                  {duplicate.file}
                </span>{' '}
                is the same file as{' '}
                <button type="button" className="link-button" onClick={() => onOpen(duplicate.existingId)} dir="auto">
                  {duplicate.existingTitle}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {failed > 0 ? (
        <details className="import-details" open>
          <summary>Not imported</summary>
          <ul data-testid="import-failures">
            {report.failed.map((failure, index) => (
              <li key={`${failure.file}:${index}`} data-testid="import-failure">
                <span className="import-file" dir="auto">
                  {failure.file}
                </span>
                <span className="import-reason">{failure.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
