import { Fragment, memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, MouseEvent as ReactMouseEvent, Ref, RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Block, TextRange } from './blocks';
import { blockIndexAt, splitBlocks } from './blocks';
import { END_ATTR, OFFSET_ATTR, rangeToText } from './domOffsets';
import type { Highlight, Segment } from './segments';
import { highlightsByBlock, segmentRange } from './segments';

/** Above this many paragraphs only the visible ones (and a margin) are in the DOM. */
export const VIRTUALISE_ABOVE = 300;

/** How a run covered by some highlights looks: computed by the caller, which knows tags and theme. */
export type RunStyle = (ids: readonly string[]) => CSSProperties;

export type ReaderTextHandle = {
  /** The reader's current text selection (UTF-16), or null. */
  selection(): TextRange | null;
  /** Screen rectangle of the current selection, to place a popup at it. */
  selectionRect(): DOMRect | null;
  /** Brings UTF-16 offset `at` into view (mounting its block first when virtualised). */
  scrollTo(at: number): Promise<void>;
};

type Props = {
  text: string;
  language: string | null;
  highlights: readonly Highlight[];
  runStyle: RunStyle;
  selectedId: string | null;
  flash: { id: string; nonce: number } | null;
  scrollRef: RefObject<HTMLElement | null>;
  handleRef: Ref<ReaderTextHandle>;
  /** A click on highlighted text: the ids under the pointer, outermost first. */
  onHighlightClick: (ids: string[], event: ReactMouseEvent) => void;
  onBackgroundClick: () => void;
  /** The selection settled (mouse up or keyboard) inside the text; null when it was cleared. */
  onSelection: (range: TextRange | null) => void;
};

/** Always React text nodes: imported documents are untrusted and must never become markup. */
export function ReaderText(props: Props) {
  const { text, language, highlights, scrollRef, handleRef, onSelection } = props;
  const blocks = useMemo(() => splitBlocks(text), [text]);
  const buckets = useMemo(() => highlightsByBlock(blocks, highlights), [blocks, highlights]);
  const containerRef = useRef<HTMLDivElement>(null);
  const virtual = blocks.length > VIRTUALISE_ABOVE;

  const currentSelection = useCallback((): TextRange | null => {
    const selection = window.getSelection();
    const container = containerRef.current;
    if (!selection || selection.rangeCount === 0 || !container) return null;
    return rangeToText(selection.getRangeAt(0), container, text);
  }, [text]);

  // Keyboard selections (Shift+arrows with caret browsing) settle without a mouseup.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const selection = window.getSelection();
        const container = containerRef.current;
        if (!selection || !container || selection.rangeCount === 0) return;
        const anchor = selection.anchorNode;
        // A selection that moved into an input (the tag picker) says nothing about the reader's selection.
        if (!anchor || !container.contains(anchor)) return;
        onSelection(currentSelection());
      }, 120);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('selectionchange', onChange);
    };
  }, [currentSelection, onSelection]);

  if (blocks.length === 0) {
    return (
      <div className="reader-text reader-text-empty" data-testid="reader-text">
        <p className="muted">No text could be extracted from this file.</p>
      </div>
    );
  }

  const common = { ...props, blocks, buckets, containerRef, currentSelection };
  return (
    <div
      ref={containerRef}
      className={`reader-text${virtual ? ' is-virtual' : ''}`}
      data-testid="reader-text"
      data-blocks={blocks.length}
      lang={language ?? undefined}
      onClick={(event) => onTextClick(event, props)}
      onMouseUp={() => onSelection(currentSelection())}
    >
      {virtual ? (
        <VirtualBlocks {...common} scrollRef={scrollRef} handleRef={handleRef} />
      ) : (
        <AllBlocks {...common} handleRef={handleRef} />
      )}
    </div>
  );
}

function onTextClick(event: ReactMouseEvent, props: Props): void {
  const selection = window.getSelection();
  // The click that ends a drag-selection is not a click on a highlight.
  if (selection && !selection.isCollapsed) return;
  const run = (event.target as HTMLElement).closest?.('[data-ids]');
  const ids = run?.getAttribute('data-ids')?.split(' ').filter(Boolean) ?? [];
  if (ids.length > 0) props.onHighlightClick(ids, event);
  else props.onBackgroundClick();
}

type Inner = Props & {
  blocks: Block[];
  buckets: Highlight[][];
  containerRef: RefObject<HTMLDivElement | null>;
  currentSelection: () => TextRange | null;
};

function selectionRect(): DOMRect | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  // Without layout (jsdom, a detached node) there are no rectangles; the caller then places the popup itself.
  if (typeof range.getClientRects !== 'function') return null;
  const rects = range.getClientRects();
  return rects.length > 0 ? (rects[rects.length - 1] ?? null) : range.getBoundingClientRect();
}

function runAt(container: HTMLElement | null, at: number): HTMLElement | null {
  if (!container) return null;
  for (const el of container.querySelectorAll<HTMLElement>(`[${OFFSET_ATTR}]`)) {
    if (Number(el.getAttribute(END_ATTR)) > at) return el;
  }
  return null;
}

function AllBlocks({ blocks, buckets, text, runStyle, selectedId, flash, handleRef, containerRef, currentSelection }: Inner) {
  useImperativeHandle(
    handleRef,
    () => ({
      selection: currentSelection,
      selectionRect,
      scrollTo: async (at: number) => {
        runAt(containerRef.current, at)?.scrollIntoView?.({ block: 'center' });
      },
    }),
    [currentSelection, containerRef],
  );
  return (
    <>
      {blocks.map((block) => (
        <BlockView
          key={block.index}
          block={block}
          text={text}
          highlights={buckets[block.index] ?? []}
          runStyle={runStyle}
          selectedId={selectedId}
          flash={flash}
        />
      ))}
    </>
  );
}

/** A rough height before a paragraph is measured: ~75 characters a line at the reading measure. */
function estimateHeight(block: Block): number {
  const lines = block.lines.reduce((sum, line) => sum + Math.max(1, Math.ceil((line.end - line.start) / 75)), 0);
  return lines * 28.8 + 18;
}

function VirtualBlocks({ blocks, buckets, text, runStyle, selectedId, flash, scrollRef, handleRef, containerRef, currentSelection }: Inner) {
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const container = containerRef.current;
    const scroller = scrollRef.current;
    if (!container || !scroller) return;
    const measure = () =>
      setMargin(container.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(scroller.firstElementChild ?? scroller);
    return () => observer?.disconnect();
  }, [containerRef, scrollRef]);

  // The virtualizer's functions change identity as it measures; nothing memoises them (BlockView takes only data).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimateHeight(blocks[index] as Block),
    overscan: 6,
    scrollMargin: margin,
  });

  useImperativeHandle(
    handleRef,
    () => ({
      selection: currentSelection,
      selectionRect,
      scrollTo: async (at: number) => {
        virtualizer.scrollToIndex(blockIndexAt(blocks, at), { align: 'center' });
        // Wait for the block to mount and be measured, then centre the run itself.
        for (let i = 0; i < 10; i += 1) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const run = runAt(containerRef.current, at);
          if (run) {
            run.scrollIntoView?.({ block: 'center' });
            return;
          }
        }
      },
    }),
    [currentSelection, virtualizer, blocks, containerRef],
  );

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  return (
    <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
      <div className="virtual-window" style={{ transform: `translateY(${(first?.start ?? margin) - margin}px)` }}>
        {items.map((item) => {
          const block = blocks[item.index] as Block;
          return (
            <BlockView
              key={item.key}
              index={item.index}
              measureRef={virtualizer.measureElement}
              block={block}
              text={text}
              highlights={buckets[item.index] ?? []}
              runStyle={runStyle}
              selectedId={selectedId}
              flash={flash}
            />
          );
        })}
      </div>
    </div>
  );
}

type BlockProps = {
  block: Block;
  text: string;
  highlights: readonly Highlight[];
  runStyle: RunStyle;
  selectedId: string | null;
  flash: { id: string; nonce: number } | null;
  index?: number;
  measureRef?: (el: Element | null) => void;
};

/** Only blocks whose highlights, selection or flash changed re-render. */
const BlockView = memo(
  function BlockView({ block, text, highlights, runStyle, selectedId, flash, index, measureRef }: BlockProps) {
    const ids = new Set(highlights.map((h) => h.id));
    const selected = selectedId !== null && ids.has(selectedId) ? selectedId : null;
    const flashing = flash && ids.has(flash.id) ? flash : null;
    const render = (line: TextRange) =>
      segmentRange(line, highlights).map((segment) => (
        <Run key={segment.start} segment={segment} text={text} runStyle={runStyle} selected={selected} flash={flashing} />
      ));
    const common = { 'data-index': index, ref: measureRef, [OFFSET_ATTR]: block.start, [END_ATTR]: block.end };
    if (block.lines.length === 1) {
      return (
        <p {...common} dir="auto">
          {render(block.lines[0] as TextRange)}
        </p>
      );
    }
    return (
      <p {...common} className="lines">
        {block.lines.map((line, i) => (
          <Fragment key={line.start}>
            {/* The newline between lines is invisible, but keeps them apart in copied and extracted text. */}
            {i > 0 ? (
              <span {...{ [OFFSET_ATTR]: block.lines[i - 1]?.end ?? line.start, [END_ATTR]: line.start }}>{'\n'}</span>
            ) : null}
            <span className="line" dir="auto">
              {line.end > line.start ? render(line) : <span {...{ [OFFSET_ATTR]: line.start, [END_ATTR]: line.start }}>{'\u00a0'}</span>}
            </span>
          </Fragment>
        ))}
      </p>
    );
  },
  (a, b) =>
    a.block === b.block &&
    a.text === b.text &&
    a.highlights === b.highlights &&
    a.runStyle === b.runStyle &&
    a.index === b.index &&
    selectedKey(a) === selectedKey(b) &&
    flashKey(a) === flashKey(b),
);

function touches(props: BlockProps, id: string | null): boolean {
  return id !== null && props.highlights.some((h) => h.id === id);
}

function selectedKey(props: BlockProps): string {
  return touches(props, props.selectedId) ? (props.selectedId ?? '') : '';
}

function flashKey(props: BlockProps): string {
  return props.flash && touches(props, props.flash.id) ? `${props.flash.id}:${props.flash.nonce}` : '';
}

function Run({
  segment,
  text,
  runStyle,
  selected,
  flash,
}: {
  segment: Segment;
  text: string;
  runStyle: RunStyle;
  selected: string | null;
  flash: { id: string; nonce: number } | null;
}) {
  const attrs = { [OFFSET_ATTR]: segment.start, [END_ATTR]: segment.end };
  const content = text.slice(segment.start, segment.end);
  if (segment.ids.length === 0) return <span {...attrs}>{content}</span>;
  const classes = ['hl'];
  if (selected && segment.ids.includes(selected)) classes.push('is-selected');
  if (segment.ids.length > 1) classes.push('is-overlap');
  if (flash && segment.ids.includes(flash.id)) classes.push(flash.nonce % 2 === 0 ? 'flash-a' : 'flash-b');
  return (
    <span {...attrs} className={classes.join(' ')} data-ids={segment.ids.join(' ')} style={runStyle(segment.ids)}>
      {content}
    </span>
  );
}
