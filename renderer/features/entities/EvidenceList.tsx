/** Evidence passages as a list of buttons that open each one in the reader (entity profile and graph edge panel). */
export function EvidenceList({
  passages,
  testId,
  onOpen,
}: {
  passages: readonly { id: string; sourceId: string; quote: string; sourceTitle: string }[];
  testId: string;
  onOpen: (sourceId: string, passageId: string) => void;
}) {
  return (
    <ul className="evidence-list">
      {passages.map((p) => (
        <li key={p.id}>
          <button type="button" className="evidence-link" data-testid={testId} onClick={() => onOpen(p.sourceId, p.id)}>
            <span className="evidence-quote" dir="auto">
              “{p.quote}”
            </span>
            <span className="evidence-source" dir="auto">
              {p.sourceTitle}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
