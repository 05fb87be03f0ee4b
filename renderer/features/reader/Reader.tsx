import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { CSSProperties, Ref, RefObject } from 'react';
import type { PassageView } from '../../../shared/domain/passage';
import type { SourceSummary } from '../../../shared/domain/source';
import type { TagView } from '../../../shared/domain/tag';
import { CodePointIndex } from '../../../shared/text/codepoints';
import { formatBytes, formatDate, formatDateTime, languageName, plural, shortHash } from '../../components/format';
import { Spinner } from '../../components/Spinner';
import { OverlapMenu } from '../passages/OverlapMenu';
import type { TagChoice } from '../passages/store';
import { TagPicker } from '../passages/TagPicker';
import type { TextRange } from './blocks';
import { layeredBackground, stripeColor } from './highlightColors';
import type { ThemeName } from './highlightColors';
import { ReaderText } from './ReaderText';
import type { ReaderTextHandle } from './ReaderText';
import { useDocumentTheme } from './useDocumentTheme';

export type ReaderContent =
  | { status: 'loading' }
  | { status: 'ready'; text: string }
  | { status: 'error'; message: string };

/** A selection in the reader in passage terms: code point offsets and the text they cover. */
export type ReaderSelection = { start: number; end: number; exact: string };

export type ReaderHandle = {
  /** The reader's selection (the last one made in the text, kept while the focus is elsewhere), or null. */
  selection(): ReaderSelection | null;
  /** Opens the tag picker at the selection; false when nothing is selected. */
  openTagPicker(): boolean;
  /** Scrolls the passage into view and flashes it. */
  showPassage(id: string): void;
  /** Marks code points start..end (a search hit), scrolls them into view and flashes them. */
  showRange(start: number, end: number): void;
};

/** The highlight id of the range the reader was opened at from search; never a passage id (those are UUIDs). */
export const SEARCH_HIT_ID = 'search-hit';

export type ReaderAnnotations = {
  passages: readonly PassageView[];
  tags: readonly TagView[];
  selectedId: string | null;
  onSelectPassage: (id: string | null) => void;
  onTag: (selection: ReaderSelection, choice: TagChoice) => void;
};

type Props = {
  source: SourceSummary | null;
  content: ReaderContent | null;
  annotations?: ReaderAnnotations;
  handleRef?: Ref<ReaderHandle>;
};

export function Reader({ source, content, annotations, handleRef }: Props) {
  const scrollRef = useRef<HTMLElement>(null);

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
          <AnnotatedText
            key={source.id}
            text={content.text}
            language={source.language}
            annotations={annotations}
            scrollRef={scrollRef}
            handleRef={handleRef}
          />
        )}
      </article>
    </section>
  );
}

/** Run styles by the ids covering the run: a document has few distinct layerings, and many runs share one. */
class RunStyles {
  private readonly cache = new Map<string, CSSProperties>();

  constructor(
    private readonly passages: ReadonlyMap<string, PassageView>,
    private readonly tagColor: ReadonlyMap<string, string>,
    private readonly theme: ThemeName,
  ) {}

  get(all: readonly string[]): CSSProperties {
    // A search hit inside a passage keeps the passage's colours; on its own it gets the search marker colour.
    const ids = all.filter((id) => id !== SEARCH_HIT_ID);
    if (ids.length === 0) return SEARCH_HIT_STYLE;
    const key = ids.join(' ');
    const known = this.cache.get(key);
    if (known) return known;
    const colors = ids.map((id) => {
      const tagId = this.passages.get(id)?.tagIds.find((t) => this.tagColor.has(t));
      return (tagId && this.tagColor.get(tagId)) || UNTAGGED;
    });
    const style: CSSProperties = {
      backgroundColor: layeredBackground(colors, this.theme).css,
      // One line in each layer's colour under the text: overlaps stay countable, and colour is not the only cue.
      boxShadow: colors.map((c, i) => `inset 0 -${2 * (i + 1)}px 0 ${stripeColor(c, this.theme)}`).join(', '),
    };
    this.cache.set(key, style);
    return style;
  }
}

const EMPTY_PASSAGES: readonly PassageView[] = [];
const EMPTY_TAGS: readonly TagView[] = [];
const SEARCH_HIT_STYLE: CSSProperties = { backgroundColor: 'var(--search-hit-bg, #fff3bf)' };
/** Passages whose tags are all gone still show, in a neutral grey. */
const UNTAGGED = '#8a857c';

type Popup = { kind: 'picker'; selection: ReaderSelection; x: number; y: number } | { kind: 'overlap'; ids: string[]; x: number; y: number };

function AnnotatedText({
  text,
  language,
  annotations,
  scrollRef,
  handleRef,
}: {
  text: string;
  language: string | null;
  annotations: ReaderAnnotations | undefined;
  scrollRef: RefObject<HTMLElement | null>;
  handleRef: Ref<ReaderHandle> | undefined;
}) {
  const passages = annotations?.passages ?? EMPTY_PASSAGES;
  const tags = annotations?.tags ?? EMPTY_TAGS;
  const theme = useDocumentTheme();
  const map = useMemo(() => new CodePointIndex(text), [text]);
  const textRef = useRef<ReaderTextHandle>(null);
  const [flash, setFlash] = useState<{ id: string; nonce: number } | null>(null);
  const [searchHit, setSearchHit] = useState<{ start: number; end: number } | null>(null);
  const [popup, setPopup] = useState<Popup | null>(null);
  const [hint, setHint] = useState<{ x: number; y: number } | null>(null);
  const lastSelection = useRef<ReaderSelection | null>(null);

  const highlights = useMemo(
    () => [
      ...passages.flatMap((p) =>
        p.start === null || p.end === null ? [] : [{ id: p.id, start: map.toUtf16(p.start), end: map.toUtf16(p.end) }],
      ),
      ...(searchHit ? [{ id: SEARCH_HIT_ID, start: map.toUtf16(searchHit.start), end: map.toUtf16(searchHit.end) }] : []),
    ],
    [passages, map, searchHit],
  );
  const byId = useMemo(() => new Map(passages.map((p) => [p.id, p])), [passages]);
  const tagColor = useMemo(() => new Map(tags.map((t) => [t.id, t.color])), [tags]);

  const runStyle = useMemo(() => {
    const styles = new RunStyles(byId, tagColor, theme);
    return (ids: readonly string[]) => styles.get(ids);
  }, [byId, tagColor, theme]);

  const toSelection = useCallback(
    (range: TextRange | null): ReaderSelection | null =>
      range ? { start: map.toCodePoint(range.start), end: map.toCodePoint(range.end), exact: text.slice(range.start, range.end) } : null,
    [map, text],
  );

  const onSelection = useCallback(
    (range: TextRange | null) => {
      lastSelection.current = toSelection(range);
      const rect = range ? textRef.current?.selectionRect() : null;
      setHint(rect && annotations ? { x: rect.right, y: rect.bottom } : null);
    },
    [toSelection, annotations],
  );

  const openPicker = useCallback((): boolean => {
    const selection = toSelection(textRef.current?.selection() ?? null) ?? lastSelection.current;
    if (!selection || !annotations) return false;
    const rect = textRef.current?.selectionRect();
    setHint(null);
    setPopup({ kind: 'picker', selection, x: rect?.left ?? window.innerWidth / 3, y: rect?.bottom ?? window.innerHeight / 3 });
    return true;
  }, [toSelection, annotations]);

  const showPassage = useCallback(
    (id: string) => {
      const passage = byId.get(id);
      if (!passage || passage.start === null) return;
      void textRef.current?.scrollTo(map.toUtf16(passage.start)).then(() => setFlash((f) => ({ id, nonce: (f?.nonce ?? 0) + 1 })));
    },
    [byId, map],
  );

  const showRange = useCallback(
    (start: number, end: number) => {
      const from = Math.max(0, Math.min(start, map.length));
      const to = Math.max(from, Math.min(end, map.length));
      setSearchHit({ start: from, end: to });
      void textRef.current?.scrollTo(map.toUtf16(from)).then(() => setFlash((f) => ({ id: SEARCH_HIT_ID, nonce: (f?.nonce ?? 0) + 1 })));
    },
    [map],
  );

  useImperativeHandle(
    handleRef,
    () => ({
      selection: () => toSelection(textRef.current?.selection() ?? null) ?? lastSelection.current,
      openTagPicker: openPicker,
      showPassage,
      showRange,
    }),
    [toSelection, openPicker, showPassage, showRange],
  );

  // A hint left floating where the text scrolled away from would point at the wrong words.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || !hint) return;
    const hide = () => setHint(null);
    scroller.addEventListener('scroll', hide, { once: true, passive: true });
    return () => scroller.removeEventListener('scroll', hide);
  }, [hint, scrollRef]);

  const pick = (choice: TagChoice) => {
    if (popup?.kind !== 'picker' || !annotations) return;
    annotations.onTag(popup.selection, choice);
    setPopup(null);
    lastSelection.current = null;
    window.getSelection()?.removeAllRanges();
  };

  return (
    <>
      <ReaderText
        text={text}
        language={language}
        highlights={highlights}
        runStyle={runStyle}
        selectedId={annotations?.selectedId ?? null}
        flash={flash}
        scrollRef={scrollRef}
        handleRef={textRef}
        onHighlightClick={(all, event) => {
          const ids = all.filter((id) => id !== SEARCH_HIT_ID);
          if (!annotations) return;
          if (ids.length === 0) {
            annotations.onSelectPassage(null);
            return;
          }
          if (ids.length === 1) annotations.onSelectPassage(ids[0] ?? null);
          else setPopup({ kind: 'overlap', ids, x: event.clientX, y: event.clientY });
        }}
        onBackgroundClick={() => annotations?.onSelectPassage(null)}
        onSelection={onSelection}
      />
      {hint && !popup ? (
        <button
          type="button"
          className="tag-hint"
          data-testid="tag-hint"
          style={{ left: Math.min(hint.x, window.innerWidth - 140), top: hint.y + 6 }}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => openPicker()}
        >
          Tag <kbd>T</kbd>
        </button>
      ) : null}
      {popup?.kind === 'picker' ? (
        <TagPicker tags={tags} x={popup.x} y={popup.y} onPick={pick} onClose={() => setPopup(null)} quote={popup.selection.exact} />
      ) : null}
      {popup?.kind === 'overlap' ? (
        <OverlapMenu
          x={popup.x}
          y={popup.y}
          passages={popup.ids.flatMap((id) => byId.get(id) ?? [])}
          tags={tags}
          onChoose={(id) => {
            setPopup(null);
            annotations?.onSelectPassage(id);
          }}
          onClose={() => setPopup(null)}
        />
      ) : null}
    </>
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
