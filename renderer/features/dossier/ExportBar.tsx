import { useState } from 'react';
import type { CitationCheck, DossierFormat, DossierVerify } from '../../../shared/domain/dossier';
import { DOSSIER_FORMATS } from '../../../shared/domain/dossier';
import { isApiError } from '../../api/client';
import { plural } from '../../components/format';
import type { DossierHost } from './context';
import { saveBytes } from './download';

export const FORMAT_LABELS: Record<DossierFormat, string> = { pdf: 'PDF', docx: 'Word', html: 'HTML', md: 'Markdown', json: 'JSON' };

type Props = {
  host: DossierHost;
  dossierId: string;
  redact: boolean;
  onRedactChange: (redact: boolean) => void;
  verify: DossierVerify | null;
  onOpenCitation: (citation: CitationCheck) => void;
};

/**
 * Export in each format. Main refuses an export whose citations no longer match their sources; the refusal is
 * turned into the list of citations to fix, each one a way into the reader.
 */
export function ExportBar({ host, dossierId, redact, onRedactChange, verify, onOpenCitation }: Props) {
  const [busy, setBusy] = useState<DossierFormat | null>(null);
  const [blocked, setBlocked] = useState<CitationCheck[] | null>(null);
  const [blockedMessage, setBlockedMessage] = useState<string | null>(null);
  // A blocked list from before is stale once the citations check out again.
  const stale = blocked !== null && verify !== null && verify.ok;

  const run = async (format: DossierFormat) => {
    setBusy(format);
    try {
      const file = await host.call('dossiers.export', { id: dossierId, format, options: { redact, includeInternals: false } });
      saveBytes(file.fileName, file.mimeType, file.dataBase64);
      setBlocked(null);
      host.notify(`Exported ${file.fileName}${file.pages ? ` · ${plural(file.pages, 'page')}` : ''} · ${plural(file.citations, 'citation')}`);
    } catch (error) {
      if (isApiError(error, 'BAD_INPUT')) {
        try {
          const check = await host.call('dossiers.verify', { id: dossierId });
          setBlocked(check.problems);
          setBlockedMessage(check.problems.length === 0 ? error.message : null);
        } catch (again) {
          host.fail(again);
        }
      } else {
        host.fail(error);
      }
    } finally {
      setBusy(null);
    }
  };

  const problems = verify?.problems.length ?? 0;
  return (
    <div className="dossier-export">
      <div className="export-row" data-testid="dossier-export">
        <span className="export-label">Export</span>
        {DOSSIER_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className={`btn btn-small ${format === 'pdf' ? 'btn-primary' : 'btn-secondary'}`}
            data-format={format}
            data-testid={`export-${format}`}
            disabled={busy !== null}
            aria-busy={busy === format}
            onClick={() => void run(format)}
          >
            {busy === format ? 'Exporting…' : FORMAT_LABELS[format]}
          </button>
        ))}
      </div>
      <div className="export-status">
        <label className="redact-toggle" title="Off only for an internal review copy">
          <input type="checkbox" checked={redact} onChange={(event) => onRedactChange(event.target.checked)} data-testid="redact-toggle" /> Apply redactions
        </label>
        {verify ? (
          <span className={`verify-pill${problems > 0 ? ' is-bad' : ''}`} data-testid="verify-pill">
            {problems > 0 ? `${plural(problems, 'citation')} to fix` : `${plural(verify.citations.length, 'citation')} checked against the sources`}
          </span>
        ) : null}
      </div>
      {blocked !== null && !stale ? (
        <section className="export-blocked" role="alert" data-testid="export-blocked">
          <div className="export-blocked-head">
            <h4>
              Export refused:{' '}
              {blocked.length === 0
                ? 'a citation does not check out'
                : blocked.length === 1
                  ? 'a citation no longer matches its source'
                  : `${blocked.length} citations no longer match their sources`}
            </h4>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setBlocked(null)}>
              ×
            </button>
          </div>
          {blockedMessage ? <p>{blockedMessage}</p> : null}
          <ol className="blocked-list">
            {blocked.map((c) => (
              <li key={`${c.number}-${c.passageId}`} data-testid="blocked-citation">
                <span className="quote-number">[{c.number}]</span>
                <div>
                  <p className="blocked-quote" dir="auto">
                    “{c.quote}”
                  </p>
                  {c.found ? (
                    <p className="blocked-found" dir="auto">
                      Now in the source: “{c.found}”
                    </p>
                  ) : null}
                  <p className="muted blocked-where">{c.message}</p>
                  {c.sectionTitle ? <p className="muted blocked-where">In section “{c.sectionTitle}”</p> : null}
                </div>
                {c.sourceTitle ? (
                  <button type="button" className="btn btn-secondary btn-small" data-testid="blocked-open" onClick={() => onOpenCitation(c)}>
                    Open in reader
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
