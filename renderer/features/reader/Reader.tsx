import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import type { SourceSummary } from '../../../shared/domain/source';
import { formatBytes, formatDate, formatDateTime, plural, shortHash } from '../../components/format';
import { Spinner } from '../../components/Spinner';
import { splitParagraphs } from './paragraphs';

export type ReaderContent =
  | { status: 'loading' }
  | { status: 'ready'; text: string }
  | { status: 'error'; message: string };

type Props = { source: SourceSummary | null; content: ReaderContent | null };

export function Reader({ source, content }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [source?.id]);

  if (!source) {
    return (
      <section className="reader reader-idle" data-testid="reader" aria-label="Reader">
        <p className="muted">Select a source to read it here.</p>
      </section>
    );
  }

  return (
    <section className="reader" data-testid="reader" aria-labelledby="reader-title" ref={scrollRef}>
      <article className="reader-column">
        <header className="reader-header">
          <h2 id="reader-title" className="reader-title" data-testid="reader-title" dir="auto">
            {source.title}
          </h2>
          <SourceMeta source={source} />
        </header>
        {content === null || content.status === 'loading' ? (
          <div className="reader-loading">
            <Spinner label="Decrypting the source" /> Decrypting…
          </div>
        ) : content.status === 'error' ? (
          <p className="reader-error" role="alert">
            {content.message}
          </p>
        ) : (
          <SourceText text={content.text} language={source.language} />
        )}
      </article>
    </section>
  );
}

/** Always React text nodes: imported documents are untrusted and must never become markup. */
function SourceText({ text, language }: { text: string; language: string | null }) {
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  if (paragraphs.length === 0) {
    return (
      <div className="reader-text reader-text-empty" data-testid="reader-text">
        <p className="muted">No text could be extracted from this file.</p>
      </div>
    );
  }
  return (
    <div className="reader-text" data-testid="reader-text" lang={language ?? undefined}>
      {paragraphs.map((lines, index) =>
        lines.length === 1 ? (
          <p key={index} dir="auto">
            {lines[0]}
          </p>
        ) : (
          <p key={index} className="lines">
            {/* The newline between line blocks is invisible, but keeps the lines apart in copied and extracted text. */}
            {lines.map((line, lineIndex) => (
              <Fragment key={lineIndex}>
                {lineIndex > 0 ? '\n' : null}
                <span className="line" dir="auto">
                  {line === '' ? '\u00a0' : line}
                </span>
              </Fragment>
            ))}
          </p>
        ),
      )}
    </div>
  );
}

function SourceMeta({ source }: { source: SourceSummary }) {
  const about = [
    source.author ? `By ${source.author}` : null,
    source.date ? formatDate(source.date) : null,
    source.language ? languageName(source.language) : null,
    source.pages ? plural(source.pages, 'page') : null,
  ].filter((part): part is string => part !== null);

  return (
    <div className="reader-meta">
      <p className="meta-line">
        <span className={`type-badge type-${source.type}`}>{source.type}</span>
        <span>{formatBytes(source.size)}</span>
        {about.map((part) => (
          <span key={part} dir="auto">
            {part}
          </span>
        ))}
        <span title={formatDateTime(source.importedAt)}>
          Imported {formatDate(source.importedAt)}
          {source.importedBy ? ` by ${source.importedBy}` : ''}
        </span>
      </p>
      <p className="meta-line meta-provenance">
        <span className="meta-file" dir="auto" title={source.originalPath ?? source.originalName}>
          {source.originalPath ?? source.originalName}
        </span>
        <span className="meta-hash">
          <HashButton hash={source.sha256} />
        </span>
      </p>
      {/* Shown as text, not a link: following it from here would leave the offline workbench. */}
      {source.url ? <p className="meta-line meta-url">{source.url}</p> : null}
    </div>
  );
}

function HashButton({ hash }: { hash: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const codeRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (state === 'copied') {
      const timer = setTimeout(() => setState('idle'), 1600);
      return () => clearTimeout(timer);
    }
    if (state === 'manual' && codeRef.current) window.getSelection()?.selectAllChildren(codeRef.current);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      setState('copied');
    } catch {
      // Without clipboard access, show and select the full value so it can be copied by hand.
      setState('manual');
    }
  };

  return (
    <button
      type="button"
      className="hash-button"
      title={`SHA-256 ${hash} — click to copy`}
      aria-label={`SHA-256 ${hash}. Copy`}
      data-testid="reader-sha256"
      data-sha256={hash}
      onClick={() => void copy()}
    >
      <span className="hash-label">SHA-256</span>{' '}
      <code ref={codeRef}>{state === 'copied' ? 'copied ✓' : state === 'manual' ? hash : shortHash(hash)}</code>
    </button>
  );
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
