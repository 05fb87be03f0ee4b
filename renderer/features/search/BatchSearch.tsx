import { useState } from 'react';
import type { BatchResult } from '../../../shared/search/schema';
import type { Call } from '../../api/client';
import { saveDownload } from '../codebook/download';
import { parseBatchTerms } from './filters';

const MAX_TERMS = 5000;

/**
 * Many names at once, one per line (Datashare's batch search): how many sources and passages each one is in.
 * The filters chosen above apply to every term.
 */
export function BatchSearch({
  call,
  filter,
  onFailure,
  onSearchTerm,
}: {
  call: Call;
  filter: string;
  onFailure: (error: unknown) => string;
  onSearchTerm: (term: string) => void;
}) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<BatchResult | null>(null);
  const [busy, setBusy] = useState<'run' | 'export' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const terms = parseBatchTerms(text);
  const tooMany = terms.length > MAX_TERMS;

  const run = () => {
    if (terms.length === 0 || tooMany || busy) return;
    setBusy('run');
    setProblem(null);
    call('search.batch', { terms, filter }).then(
      (answer) => {
        setResult(answer);
        setBusy(null);
      },
      (error: unknown) => {
        setProblem(onFailure(error));
        setBusy(null);
      },
    );
  };

  const exportCsv = () => {
    if (terms.length === 0 || tooMany || busy) return;
    setBusy('export');
    setProblem(null);
    call('search.batchExport', { terms, filter }).then(
      (file) => {
        saveDownload(file.fileName, file.mimeType, file.content);
        setBusy(null);
      },
      (error: unknown) => {
        setProblem(onFailure(error));
        setBusy(null);
      },
    );
  };

  // While busy the buttons stay enabled (and ignore clicks): disabling the focused one would drop the keyboard focus.
  const withHits = result?.rows.filter((row) => row.documents + row.passages + row.entities > 0).length ?? 0;

  return (
    <div className="batch-search" data-testid="batch-search">
      <div className="batch-input">
        <label className="batch-label" htmlFor="batch-terms">
          Terms, one per line
          <span className="muted"> — names, phrases or any query</span>
        </label>
        <textarea
          id="batch-terms"
          className="batch-terms"
          data-testid="batch-terms"
          value={text}
          spellCheck={false}
          placeholder={'NSO Group\n"bags of cash"\nPegasus\nMiller'}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              run();
            }
          }}
        />
        <div className="batch-actions">
          <span className="muted batch-count">
            {tooMany ? `${terms.length.toLocaleString()} terms: at most ${MAX_TERMS.toLocaleString()} at once.` : `${terms.length.toLocaleString()} ${terms.length === 1 ? 'term' : 'terms'}`}
            {filter ? (
              <>
                {' · filtered by '}
                <code dir="auto">{filter}</code>
              </>
            ) : null}
          </span>
          <button type="button" className="btn btn-secondary" onClick={exportCsv} disabled={terms.length === 0 || tooMany} aria-busy={busy === 'export'} data-testid="batch-export">
            {busy === 'export' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" className="btn btn-primary" onClick={run} disabled={terms.length === 0 || tooMany} aria-busy={busy === 'run'} data-testid="batch-run">
            {busy === 'run' ? 'Searching…' : 'Run batch'}
          </button>
        </div>
        {problem ? (
          <p className="search-problem" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      {result ? (
        <div className="batch-results-wrap">
          <p className="search-total muted" data-testid="batch-summary">
            {withHits.toLocaleString()} of {result.rows.length.toLocaleString()} terms found · {Math.round(result.tookMs)} ms
          </p>
          <table className="batch-results" data-testid="batch-results">
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col" className="num" title="Sources whose title or text matches">
                  Documents
                </th>
                <th scope="col" className="num" title="Matches in those sources">
                  Occurrences
                </th>
                <th scope="col" className="num" title="Passages whose quote or note matches">
                  Passages
                </th>
                <th scope="col" className="num">
                  In passages
                </th>
                <th scope="col" className="num">
                  Entities
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, index) => (
                <tr
                  key={`${index}:${row.term}`}
                  data-testid="batch-row"
                  data-term={row.term}
                  className={row.documents + row.passages + row.entities === 0 ? 'is-zero' : undefined}
                >
                  <th scope="row">
                    <button type="button" className="batch-term" onClick={() => onSearchTerm(row.term)} title="Search for this term" dir="auto">
                      {row.term}
                    </button>
                    {row.error ? <span className="batch-error">{row.error}</span> : null}
                  </th>
                  <td className="num" data-testid="batch-documents">
                    {row.documents.toLocaleString()}
                  </td>
                  <td className="num" data-testid="batch-occurrences">
                    {row.occurrences.toLocaleString()}
                  </td>
                  <td className="num">{row.passages.toLocaleString()}</td>
                  <td className="num">{row.passageOccurrences.toLocaleString()}</td>
                  <td className="num">{row.entities.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="batch-empty muted">
          Paste a list of names or phrases — people, companies, phone numbers — to see which ones the case mentions and how often. Each line uses the full search syntax.
        </p>
      )}
    </div>
  );
}
