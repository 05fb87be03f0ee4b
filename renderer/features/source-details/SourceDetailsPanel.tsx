import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ReanchorReport } from '../../../shared/api/contract';
import type { SourceDetails } from '../../../shared/domain/source';
import type { Call } from '../../api/client';
import { formatBytes, formatDateTime, languageLabel, plural } from '../../components/format';
import { ACCEPT_ATTRIBUTE, readAsBase64 } from '../library/importBatches';
import './source-details.css';

type Props = {
  sourceId: string;
  call: Call;
  onClose: () => void;
  /** The source changed (metadata or a new revision): lists and the reader must refetch. */
  onChanged: (sourceId: string) => void;
  onOpenSource: (sourceId: string) => void;
  onFailure: (error: unknown) => string;
};

type Loaded = { status: 'loading' } | { status: 'ready'; details: SourceDetails } | { status: 'error'; message: string };

const EMAIL_HEADERS: readonly [string, string][] = [
  ['from', 'From'],
  ['to', 'To'],
  ['cc', 'Cc'],
  ['date', 'Sent'],
  ['subject', 'Subject'],
  ['messageId', 'Message-ID'],
];

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Everything known about one source, with the fields a researcher may correct (title, author, date, URL) and a
 * way to add a corrected version. Every string here comes from an imported file: rendered as text, never as
 * markup or a live link.
 */
export function SourceDetailsPanel({ sourceId, call, onClose, onChanged, onOpenSource, onFailure }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [reanchor, setReanchor] = useState<ReanchorReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const revisionInput = useRef<HTMLInputElement>(null);

  // Another source means another report: the last revision's outcome does not carry over.
  const [shownId, setShownId] = useState(sourceId);
  if (shownId !== sourceId) {
    setShownId(sourceId);
    setLoaded({ status: 'loading' });
    setReanchor(null);
    setEditing(false);
    setProblem(null);
  }

  useEffect(() => {
    let current = true;
    call('sources.details', { id: sourceId }).then(
      (details) => current && setLoaded({ status: 'ready', details }),
      (error: unknown) => current && setLoaded({ status: 'error', message: onFailure(error) }),
    );
    return () => {
      current = false;
    };
  }, [call, sourceId, onFailure]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setProblem(null);
    try {
      const details = await call('sources.updateMetadata', {
        id: sourceId,
        title: field('title'),
        author: field('author'),
        date: field('date'),
        url: field('url'),
      });
      setLoaded({ status: 'ready', details });
      setEditing(false);
      onChanged(sourceId);
    } catch (error) {
      setProblem(onFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const addRevision = async (file: File) => {
    setBusy(true);
    setProblem(null);
    try {
      const dataBase64 = await readAsBase64(file);
      const result = await call('sources.addRevision', { sourceId, file: { name: file.name, path: null, dataBase64 } });
      setLoaded({ status: 'ready', details: result.details });
      setReanchor(result.reanchor);
      onChanged(sourceId);
    } catch (error) {
      setProblem(onFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const copyHash = (hash: string) => {
    void navigator.clipboard?.writeText(hash).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <aside className="source-details" data-testid="source-details" aria-label="Source details">
      <div className="source-details-head">
        <h2>Source details</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close source details" data-testid="source-details-close">
          ×
        </button>
      </div>
      {loaded.status === 'loading' ? <p className="muted">Loading…</p> : null}
      {loaded.status === 'error' ? (
        <p className="pane-problem" role="alert">
          {loaded.message}
        </p>
      ) : null}
      {problem ? (
        <p className="pane-problem" role="alert" data-testid="source-details-problem">
          {problem}
        </p>
      ) : null}
      {loaded.status === 'ready' ? (
        <DetailsBody
          details={loaded.details}
          editing={editing}
          busy={busy}
          copied={copied}
          reanchor={reanchor}
          onEdit={() => setEditing(true)}
          onCancelEdit={() => setEditing(false)}
          onSave={(event) => void save(event)}
          onCopy={copyHash}
          onOpenSource={onOpenSource}
          onChooseRevision={() => revisionInput.current?.click()}
          onDismissReanchor={() => setReanchor(null)}
        />
      ) : null}
      <input
        ref={revisionInput}
        type="file"
        hidden
        accept={ACCEPT_ATTRIBUTE}
        data-testid="revision-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void addRevision(file);
        }}
      />
    </aside>
  );
}

type BodyProps = {
  details: SourceDetails;
  editing: boolean;
  busy: boolean;
  copied: boolean;
  reanchor: ReanchorReport | null;
  onEdit: () => void;
  onCancelEdit: () => void;
  onSave: (event: FormEvent<HTMLFormElement>) => void;
  onCopy: (hash: string) => void;
  onOpenSource: (id: string) => void;
  onChooseRevision: () => void;
  onDismissReanchor: () => void;
};

function DetailsBody(props: BodyProps) {
  const { details, editing, busy } = props;
  const { source } = details;
  const emailHeaders = source.type === 'eml' ? EMAIL_HEADERS.filter(([key]) => details.metadata[key]) : [];
  const otherMetadata = Object.entries(details.metadata).filter(
    ([key]) => !(source.type === 'eml' && EMAIL_HEADERS.some(([k]) => k === key)),
  );
  return (
    <div className="source-details-body">
      {details.status === 'no-text-layer' ? (
        <p className="details-warning" data-testid="details-no-text" role="status">
          No text layer: this PDF holds only images or is password-protected, so there is no text to read, search or quote.
        </p>
      ) : null}

      {editing ? (
        <form className="details-form" onSubmit={props.onSave} data-testid="metadata-form">
          <label>
            Title
            <input name="title" defaultValue={source.title} required maxLength={1000} data-testid="edit-title" dir="auto" />
          </label>
          <label>
            Author or outlet
            <input name="author" defaultValue={source.author ?? ''} maxLength={1000} data-testid="edit-author" dir="auto" />
          </label>
          <label>
            Publication date
            <input name="date" defaultValue={source.date ?? ''} maxLength={100} placeholder="YYYY-MM-DD" data-testid="edit-date" />
          </label>
          <label>
            URL
            <input name="url" defaultValue={source.url ?? ''} maxLength={4096} data-testid="edit-url" dir="ltr" />
          </label>
          <div className="details-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="metadata-save">
              Save
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={props.onCancelEdit}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h3 className="details-title" dir="auto" data-testid="details-title">
            {source.title}
          </h3>
          <dl className="details-list">
            <Row label="Author or outlet" value={source.author} testId="details-author" />
            <Row label="Published" value={source.date} testId="details-date" />
            {/* Plain text on purpose: a click must never reach the network from a case. */}
            <Row label="URL" value={source.url} testId="details-url" mono />
          </dl>
          <button type="button" className="btn btn-secondary btn-small" onClick={props.onEdit} data-testid="metadata-edit">
            Edit title, author, date, URL
          </button>
        </>
      )}

      <section className="details-section">
        <h4>File</h4>
        <dl className="details-list">
          <Row label="Original name" value={source.originalName} testId="details-name" />
          <Row label="Path" value={source.originalPath} testId="details-path" />
          <Row label="Type" value={source.type.toUpperCase()} testId="details-type" />
          <Row label="Size" value={`${formatBytes(source.size)} (${source.size.toLocaleString()} bytes)`} testId="details-size" />
          <Row label="Imported" value={formatDateTime(source.importedAt)} testId="details-imported" />
          <Row label="Imported by" value={source.importedBy} testId="details-imported-by" />
          <Row label="Language" value={source.language && languageLabel(source.language)} testId="details-language" />
          <Row label="Pages" value={source.pages === null ? null : String(source.pages)} testId="details-pages" />
          <Row label="Encoding" value={details.encoding} testId="details-encoding" />
          <Row
            label="Status"
            value={details.status === 'no-text-layer' ? 'No text layer' : 'Text extracted'}
            testId="details-status"
          />
          <div className="details-row">
            <dt>SHA-256</dt>
            <dd>
              <code className="details-hash" data-testid="details-sha256">
                {source.sha256}
              </code>
              <button type="button" className="link-button" onClick={() => props.onCopy(source.sha256)} data-testid="copy-sha256">
                {props.copied ? 'Copied' : 'Copy'}
              </button>
            </dd>
          </div>
        </dl>
      </section>

      {emailHeaders.length > 0 || details.attachments.length > 0 ? (
        <section className="details-section" data-testid="details-email">
          <h4>E-mail</h4>
          <dl className="details-list">
            {emailHeaders.map(([key, label]) => (
              <Row key={key} label={label} value={details.metadata[key] ?? null} testId={`details-email-${key}`} />
            ))}
          </dl>
          {details.attachments.length > 0 ? (
            <>
              <h5>Attachments</h5>
              <ul className="details-attachments" data-testid="details-attachments">
                {details.attachments.map((a, i) => (
                  <li key={`${a.name}:${i}`}>
                    <span dir="auto">{a.name}</span> <span className="muted">{`${a.contentType}, ${formatBytes(a.size)}`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {otherMetadata.length > 0 ? (
        <section className="details-section">
          <h4>From the file</h4>
          <dl className="details-list">
            {otherMetadata.map(([key, value]) => (
              <Row key={key} label={key} value={value} />
            ))}
          </dl>
        </section>
      ) : null}

      <section className="details-section" data-testid="details-similar">
        <h4>Similar sources</h4>
        {details.similar.length === 0 ? (
          <p className="muted">No other source shares long passages with this one.</p>
        ) : (
          <ul className="details-similar">
            {details.similar.map((s) => (
              <li key={s.id} data-testid="similar-source" data-source-id={s.id}>
                <button type="button" className="link-button" onClick={() => props.onOpenSource(s.id)} dir="auto">
                  {s.title}
                </button>
                <span className="muted">
                  {s.kind === 'near-duplicate' ? 'near-duplicate' : 'shares passages'} · {percent(s.overlap)} overlap · Jaccard{' '}
                  {s.jaccard.toFixed(2)} · {plural(s.sharedPassages, 'shared passage')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="details-section" data-testid="details-repetition">
        <h4>Internal repetition</h4>
        {details.repetition.spans.length === 0 ? (
          <p className="muted">No passage of this text is repeated later in it.</p>
        ) : (
          <>
            <p data-testid="repetition-summary">
              {percent(details.repetition.fraction)} of this text repeats an earlier part of it ({plural(details.repetition.spans.length, 'repeated stretch', 'repeated stretches')}).
            </p>
            <ul className="details-repeats">
              {details.repetition.spans.map((span) => (
                <li key={`${span.start}-${span.end}`}>
                  <q dir="auto">{span.excerpt}…</q>{' '}
                  <span className="muted">
                    at {span.start.toLocaleString()}–{span.end.toLocaleString()}, first at {span.copyOf.start.toLocaleString()}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="details-section" data-testid="details-revisions">
        <h4>Revisions</h4>
        <ol className="details-revisions">
          {details.revisions.map((r) => (
            <li key={r.number} data-testid="revision">
              <span dir="auto">{r.originalName}</span>{' '}
              <span className="muted">
                {formatDateTime(r.importedAt)} · {r.importedBy} · {plural(r.chars, 'character')}
                {r.number === details.revisions.length ? ' · current' : ''}
              </span>
            </li>
          ))}
        </ol>
        <button type="button" className="btn btn-secondary btn-small" onClick={props.onChooseRevision} disabled={busy} data-testid="add-revision">
          Add a corrected version…
        </button>
        {props.reanchor ? <ReanchorSummary report={props.reanchor} onDismiss={props.onDismissReanchor} /> : null}
      </section>

      {details.edits.length > 0 ? (
        <section className="details-section" data-testid="details-edits">
          <h4>Changes</h4>
          <ul className="details-edits">
            {details.edits.map((e, i) => (
              <li key={`${e.at}:${e.field}:${i}`}>
                <span className="muted">{formatDateTime(e.at)} · {e.by}:</span> {e.field} <q dir="auto">{e.from ?? '—'}</q> → <q dir="auto">{e.to ?? '—'}</q>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function Row({ label, value, testId, mono = false }: { label: string; value: string | null; testId?: string; mono?: boolean }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd data-testid={testId} dir="auto" className={mono ? 'details-mono' : undefined}>
        {value ?? <span className="muted">not stated</span>}
      </dd>
    </div>
  );
}

function ReanchorSummary({ report, onDismiss }: { report: ReanchorReport; onDismiss: () => void }) {
  const total = report.anchored + report.moved.length + report.changed.length + report.orphaned.length;
  return (
    <div className="reanchor-report" data-testid="reanchor-report" role="status">
      <div className="import-panel-head">
        <strong>Passages on the new text</strong>
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      </div>
      {total === 0 ? <p className="muted">This source had no passages.</p> : null}
      <p className="import-counts">
        <span className="count count-ok" data-testid="reanchor-anchored">
          <b>{report.anchored}</b> unchanged
        </span>
        <span className="count" data-testid="reanchor-moved">
          <b>{report.moved.length}</b> moved
        </span>
        <span className="count" data-testid="reanchor-changed">
          <b>{report.changed.length}</b> changed
        </span>
        <span className={`count${report.orphaned.length > 0 ? ' count-bad' : ''}`} data-testid="reanchor-orphaned">
          <b>{report.orphaned.length}</b> orphaned
        </span>
      </p>
      <ul className="reanchor-list">
        {report.changed.map((c) => (
          <li key={c.id}>
            Changed: <q dir="auto">{c.exact}</q> → <q dir="auto">{c.found}</q>
          </li>
        ))}
        {report.orphaned.map((o) => (
          <li key={o.id}>
            Orphaned (kept, to re-attach): <q dir="auto">{o.exact}</q>
          </li>
        ))}
      </ul>
    </div>
  );
}
