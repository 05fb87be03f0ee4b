import { useMemo, useState } from 'react';
import type { EntityType, Suggestion } from '../../../shared/domain/entity';
import { EntityCombobox } from './EntityCombobox';
import type { EntitiesHost } from './host';
import { ENTITY_TYPES, TYPE_LABELS, TYPE_PLURALS, TypeIcon } from './types';
import { useQuery } from './useQuery';

/**
 * What offline extraction proposes, grouped by type, for the researcher to accept, reject or merge one by one:
 * nothing becomes an entity without a decision here.
 */
export function SuggestionsView({ host }: { host: EntitiesHost }) {
  const [type, setType] = useState<EntityType | 'all'>('all');
  const [minCount, setMinCount] = useState(1);
  // Decisions hide a row at once; main's next answer (after the version bump) confirms it.
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const { data } = useQuery(
    JSON.stringify([host.version, type, minCount]),
    () => host.call('entities.suggestions', { types: type === 'all' ? undefined : [type], minCount, limit: 1000 }),
    host.fail,
  );
  const groups = useMemo(() => {
    if (data.status !== 'ready') return [];
    const byType = new Map<EntityType, Suggestion[]>();
    for (const s of data.value.suggestions) {
      if (decided.has(s.id)) continue;
      byType.set(s.type, [...(byType.get(s.type) ?? []), s]);
    }
    return ENTITY_TYPES.flatMap((t) => {
      const list = byType.get(t);
      return list ? [[t, list] as const] : [];
    });
  }, [data, decided]);

  const decide = async (s: Suggestion, work: () => Promise<unknown>, message: string, madePassages = false) => {
    setDecided((d) => new Set(d).add(s.id));
    try {
      await work();
      host.afterEdit(madePassages ? 'all' : undefined);
      host.notify(message);
    } catch (error) {
      setDecided((d) => {
        const next = new Set(d);
        next.delete(s.id);
        return next;
      });
      host.fail(error);
    }
  };

  return (
    <section className="suggestions-view" data-testid="suggestions-view" aria-label="Suggested entities">
      <div className="suggestions-tools">
        <p className="suggestions-intro">
          Names, organisations, places, phones, emails and dates found in the sources on this machine.{' '}
          {data.status === 'ready' ? (
            <span className="muted">
              {data.value.total} pending from {data.value.sourcesScanned} sources.
            </span>
          ) : null}
        </p>
        <select value={type} onChange={(event) => setType(event.target.value as EntityType | 'all')} aria-label="Type" data-testid="suggestion-type-filter">
          <option value="all">All types</option>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_PLURALS[t]}
            </option>
          ))}
        </select>
        <label className="suggestions-min">
          seen at least
          <select value={minCount} onChange={(event) => setMinCount(Number(event.target.value))}>
            {[1, 2, 3, 5, 10].map((n) => (
              <option key={n} value={n}>
                {n}×
              </option>
            ))}
          </select>
        </label>
      </div>
      {data.status === 'loading' ? <p className="muted suggestions-wait">Reading the sources for names… (the first time after unlocking takes a moment)</p> : null}
      {data.status === 'ready' && groups.length === 0 ? <p className="muted suggestions-wait">No pending suggestion.</p> : null}
      <div className="suggestion-groups">
        {groups.map(([t, list]) => (
          <section key={t} className="suggestion-group" aria-label={TYPE_PLURALS[t]}>
            <h3>
              <TypeIcon type={t} decorative /> {TYPE_PLURALS[t]} <span className="case-count">{list.length}</span>
            </h3>
            <ul>
              {list.map((s) => (
                <SuggestionRow
                  key={s.id}
                  host={host}
                  suggestion={s}
                  onAccept={(withMentions) =>
                    void decide(
                      s,
                      () => host.call('entities.acceptSuggestion', { id: s.id, withMentions }),
                      withMentions ? `Added “${s.name}” and turned its mentions into passages` : `Added “${s.name}”`,
                      withMentions,
                    )
                  }
                  onReject={() => void decide(s, () => host.call('entities.rejectSuggestion', { id: s.id }), `Rejected “${s.name}”: it will not be suggested again`)}
                  onMerge={(entity) =>
                    void decide(s, () => host.call('entities.mergeSuggestion', { id: s.id, entityId: entity.id }), `“${s.name}” is now an alias of “${entity.name}”`)
                  }
                />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

function SuggestionRow({
  host,
  suggestion: s,
  onAccept,
  onReject,
  onMerge,
}: {
  host: EntitiesHost;
  suggestion: Suggestion;
  onAccept: (withMentions: boolean) => void;
  onReject: () => void;
  onMerge: (entity: { id: string; name: string }) => void;
}) {
  const [merging, setMerging] = useState(false);
  return (
    <li className="suggestion-row" data-testid="suggestion-row" data-suggestion-name={s.name}>
      <div className="suggestion-main">
        <span className="suggestion-name" dir="auto">
          {s.name}
        </span>
        {s.value && s.value !== s.name ? <code className="suggestion-value">{s.value}</code> : null}
        {s.variants.length > 0 ? (
          <span className="suggestion-variants muted" dir="auto">
            also {s.variants.slice(0, 3).join(', ')}
          </span>
        ) : null}
        <span className="suggestion-count" title="Occurrences">
          {s.total}×
        </span>
        <span className="suggestion-origin">{s.origin === 'pattern' ? 'pattern' : 'language model'}</span>
      </div>
      <div className="suggestion-sources">
        {s.sources.slice(0, 4).map((src) => (
          <button key={src.sourceId} type="button" className="suggestion-source" onClick={() => host.openSource(src.sourceId)} dir="auto">
            {src.sourceTitle} <span className="muted">{src.count}</span>
          </button>
        ))}
        {s.sources.length > 4 ? <span className="muted">+{s.sources.length - 4} sources</span> : null}
      </div>
      <div className="suggestion-actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onAccept(false)} data-testid="suggestion-accept">
          Accept as {TYPE_LABELS[s.type].toLocaleLowerCase()}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => onAccept(true)} title="Also turn every mention into a linked passage">
          + passages
        </button>
        {s.similarEntity ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onMerge(s.similarEntity ?? { id: '', name: '' })} data-testid="suggestion-merge-similar">
            Alias of {s.similarEntity.name}
          </button>
        ) : null}
        {merging ? (
          <EntityCombobox call={host.call} placeholder="Merge into…" onPick={onMerge} onEscape={() => setMerging(false)} testId="suggestion-merge-input" autoFocus />
        ) : (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setMerging(true)} data-testid="suggestion-merge">
            Merge into…
          </button>
        )}
        <button type="button" className="btn btn-ghost btn-small btn-danger" onClick={onReject} data-testid="suggestion-reject">
          Reject
        </button>
      </div>
    </li>
  );
}
