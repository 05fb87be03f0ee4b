import { useRef, useState } from 'react';
import type { FtmImportReport } from '../../../shared/domain/entity';
import { saveDownload } from '../codebook/download';
import type { EntitiesTab } from './commandTarget';
import { EntityList } from './EntityList';
import { EntityProfile } from './EntityProfile';
import { GraphView } from './GraphView';
import type { EntitiesHost } from './host';
import { SuggestionsView } from './SuggestionsView';
import { TimelineView } from './TimelineView';

type Props = {
  host: EntitiesHost;
  tab: EntitiesTab;
  onTab: (tab: EntitiesTab) => void;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
};

const TABS: { id: EntitiesTab; label: string }[] = [
  { id: 'list', label: 'Entities' },
  { id: 'suggestions', label: 'Suggestions' },
  { id: 'graph', label: 'Graph' },
  { id: 'timeline', label: 'Timeline' },
];

/** The case's people, organisations, places… as a list with profiles, suggestions to review, a network and a timeline. */
export function EntitiesView({ host, tab, onTab, selectedId, onSelect }: Props) {
  // Kept across tab switches, so coming back to the graph does not lay it out from scratch.
  const [positionCache] = useState(() => new Map<string, [number, number]>());
  return (
    <div className="entities-view" data-testid="entities-view">
      <div className="entities-bar">
        <nav className="entities-tabs" aria-label="Entity views">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              className={`entities-tab${tab === t.id ? ' is-active' : ''}`}
              aria-current={tab === t.id ? 'page' : undefined}
              onClick={() => onTab(t.id)}
              data-testid={`entities-tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <ExchangeButtons host={host} />
      </div>
      {tab === 'list' ? (
        <div className="entities-main">
          <EntityList host={host} selectedId={selectedId} onSelect={onSelect} />
          {selectedId ? (
            <EntityProfile host={host} id={selectedId} onGone={() => onSelect(null)} onSelect={onSelect} />
          ) : (
            <section className="entity-profile entity-profile-none muted">
              <p>Choose an entity to see its passages, relationships and mentions.</p>
            </section>
          )}
        </div>
      ) : null}
      {tab === 'suggestions' ? <SuggestionsView host={host} /> : null}
      {tab === 'graph' ? <GraphView host={host} positionCache={positionCache} /> : null}
      {tab === 'timeline' ? <TimelineView host={host} /> : null}
    </div>
  );
}

/** FtM JSON lines and CSV out (saved from Blobs: nothing leaves the machine), FtM JSON lines in. */
function ExchangeButtons({ host }: { host: EntitiesHost }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<FtmImportReport | null>(null);
  const run = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      host.fail(error);
    }
  };
  return (
    <div className="entities-exchange">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        data-testid="export-ftm"
        onClick={() =>
          void run(async () => {
            const file = await host.call('entities.exportFtm', {});
            saveDownload(file.fileName, file.mimeType, file.content);
          })
        }
      >
        Export FtM
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        data-testid="export-csv"
        onClick={() =>
          void run(async () => {
            const { nodes, edges } = await host.call('entities.exportCsv', {});
            saveDownload(nodes.fileName, nodes.mimeType, nodes.content);
            saveDownload(edges.fileName, edges.mimeType, edges.content);
          })
        }
      >
        Export CSV
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => fileRef.current?.click()} data-testid="import-ftm">
        Import FtM…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,.jsonl,.ftm,.ndjson,application/json"
        hidden
        data-testid="import-ftm-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          void run(async () => {
            const result = await host.call('entities.importFtm', { content: await file.text() });
            host.afterEdit();
            setReport(result);
          });
        }}
      />
      {report ? (
        <div className="ftm-report" role="status" data-testid="ftm-report">
          <p>
            Imported {report.entitiesCreated} new and updated {report.entitiesUpdated} entities, {report.relationshipsCreated} relationships.
            {report.skipped.length > 0 ? ` Skipped: ${report.skipped.map((s) => `${s.count} ${s.schema}`).join(', ')}.` : ''}
          </p>
          {report.errors.length > 0 ? (
            <ul className="ftm-errors">
              {report.errors.slice(0, 8).map((e) => (
                <li key={e.line}>
                  Line {e.line}: {e.message}
                </li>
              ))}
              {report.errors.length > 8 ? <li>and {report.errors.length - 8} more lines with problems.</li> : null}
            </ul>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setReport(null)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}
