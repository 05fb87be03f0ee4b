import type { ImportReport } from '../../../shared/api/contract';
import { plural } from '../../components/format';
import type { ImportProgress } from './importBatches';

export function ImportProgressPanel({ progress }: { progress: ImportProgress }) {
  const fraction = progress.total === 0 ? 0 : progress.done / progress.total;
  return (
    <section className="import-panel" data-testid="import-progress" aria-live="polite">
      <div className="import-panel-head">
        <strong>
          Importing {progress.done.toLocaleString()} of {plural(progress.total, 'file')}
        </strong>
        <span className="muted">Encrypting as it goes</span>
      </div>
      <progress max={progress.total || 1} value={progress.done} aria-label="Import progress">
        {Math.round(fraction * 100)}%
      </progress>
      {progress.current ? (
        <p className="import-current muted" dir="auto">
          {progress.current}
        </p>
      ) : null}
    </section>
  );
}

type SummaryProps = {
  report: ImportReport;
  onOpen: (id: string) => void;
  onDismiss: () => void;
};

export function ImportSummary({ report, onOpen, onDismiss }: SummaryProps) {
  const imported = report.imported.length;
  const duplicates = report.duplicates.length;
  const failed = report.failed.length;
  return (
    <section
      className={`import-panel import-summary${failed > 0 ? ' has-failures' : ''}`}
      data-testid="import-summary"
      data-imported={imported}
      data-duplicates={duplicates}
      data-failed={failed}
      aria-live="polite"
      aria-label="Import summary"
    >
      <div className="import-panel-head">
        <strong>Import finished</strong>
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss import summary">
          ×
        </button>
      </div>
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
          <ul>
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
          <ul>
            {report.failed.map((failure, index) => (
              <li key={`${failure.file}:${index}`}>
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
