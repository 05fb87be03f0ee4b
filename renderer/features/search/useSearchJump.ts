import { useCallback, useEffect, useState } from 'react';
import type { RefObject } from 'react';
import type { ReaderHandle } from '../reader/Reader';
import type { JumpTarget } from './groups';

type Options = {
  readerRef: RefObject<ReaderHandle | null>;
  /** The source the reader shows, and whether its text is on screen. */
  openId: string | null;
  textReady: boolean;
  inReader: boolean;
  openSource: (sourceId: string) => void;
  openPassage: (sourceId: string, passageId: string) => void;
};

/**
 * Opening a search hit: passages go through the workbench's own "show passage" path; a place in a source's text
 * waits until that source's text is on screen, then the reader marks, scrolls to and flashes it.
 */
export function useSearchJump({ readerRef, openId, textReady, inReader, openSource, openPassage }: Options) {
  const [request, setRequest] = useState<{ sourceId: string; start: number; end: number } | null>(null);

  useEffect(() => {
    if (!request || !inReader || !textReady || openId !== request.sourceId) return;
    const frame = requestAnimationFrame(() => {
      readerRef.current?.showRange(request.start, request.end);
      setRequest(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [request, inReader, textReady, openId, readerRef]);

  return useCallback(
    (target: JumpTarget) => {
      if (target.type === 'passage') openPassage(target.sourceId, target.passageId);
      else if (target.type === 'range') {
        openSource(target.sourceId);
        setRequest({ sourceId: target.sourceId, start: target.start, end: target.end });
      } else if (target.type === 'source') openSource(target.sourceId);
    },
    [openPassage, openSource],
  );
}
