import type { SearchSnippet } from '../../../shared/search/schema';
import { flattenWhitespace, snippetPieces, trimPartialWords } from './snippet';

/**
 * Imported text is untrusted: it only ever becomes React text nodes, and the highlights are <mark> elements
 * made here. `dir="auto"` lets a Hebrew or Arabic snippet run right to left inside a left-to-right list.
 */
export function SnippetText({ snippet }: { snippet: Pick<SearchSnippet, 'text' | 'highlights' | 'cutBefore' | 'cutAfter'> }) {
  const pieces = snippetPieces(trimPartialWords(snippet));
  return (
    <span className="search-snippet-text" dir="auto">
      {snippet.cutBefore ? <span className="search-ellipsis">…</span> : null}
      {pieces.map((piece, index) =>
        piece.mark ? <mark key={index}>{flattenWhitespace(piece.text)}</mark> : flattenWhitespace(piece.text),
      )}
      {snippet.cutAfter ? <span className="search-ellipsis">…</span> : null}
    </span>
  );
}
