import { useState } from 'react';
import type { EntityRef, TimelineItem } from '../../../shared/domain/entity';
import { partialDateSchema } from '../../../shared/domain/entity';
import { EntityCombobox } from './EntityCombobox';
import type { EntitiesHost } from './host';
import { TypeIcon } from './types';
import { useQuery } from './useQuery';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2017", "Aug 2017", "14 Aug 2017": partial dates stay as precise as the source is, no more. */
export function formatPartialDate(date: string): string {
  const [y, m, d] = date.split('-');
  const month = m ? MONTHS[Number(m) - 1] : undefined;
  if (d && month) return `${Number(d)} ${month} ${y ?? ''}`;
  if (month) return `${month} ${y ?? ''}`;
  return y ?? date;
}

/** Dated passages and events in order, narrowed to one entity or one tag; dates can be set or corrected by hand. */
export function TimelineView({ host }: { host: EntitiesHost }) {
  const [entity, setEntity] = useState<EntityRef | null>(null);
  const [tagId, setTagId] = useState('');
  const { data } = useQuery(
    JSON.stringify([host.version, entity?.id ?? '', tagId]),
    () => host.call('entities.timeline', { entityId: entity?.id, tagId: tagId || undefined }),
    host.fail,
  );
  const items = data.status === 'ready' ? data.value.items : [];
  return (
    <section className="timeline-view" data-testid="timeline-view" aria-label="Timeline">
      <div className="timeline-tools">
        {entity ? (
          <span className="entity-chip is-static">
            <TypeIcon type={entity.type} />
            <span dir="auto">{entity.name}</span>
            <button type="button" className="chip-remove" aria-label="Any entity" onClick={() => setEntity(null)}>
              ×
            </button>
          </span>
        ) : (
          <EntityCombobox call={host.call} placeholder="Only this entity…" onPick={setEntity} testId="timeline-entity" />
        )}
        <select value={tagId} onChange={(event) => setTagId(event.target.value)} aria-label="Only passages with this tag" data-testid="timeline-tag">
          <option value="">Any tag</option>
          {host.tags.map((t) => (
            <option key={t.id} value={t.id}>
              {t.path.join(' / ')}
            </option>
          ))}
        </select>
        <span className="muted">{data.status === 'ready' ? `${items.length} dated ${items.length === 1 ? 'item' : 'items'}` : 'Loading…'}</span>
      </div>
      {data.status === 'ready' && items.length === 0 ? (
        <p className="muted timeline-empty">
          Nothing dated yet. Dates written in a passage (“August 2017”, “14 août 2017”) are read automatically; set one by hand from a
          passage’s details.
        </p>
      ) : null}
      <ol className="timeline-list">
        {items.map((item, i) => {
          const year = item.date.slice(0, 4);
          const showYear = year !== items[i - 1]?.date.slice(0, 4);
          return (
            <li key={`${item.kind}:${item.passage?.id ?? item.entity?.id ?? i}:${item.date}`} className={`timeline-item is-${item.kind}`} data-testid="timeline-item">
              {showYear ? <div className="timeline-year">{year}</div> : null}
              <TimelineRow host={host} item={item} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function TimelineRow({ host, item }: { host: EntitiesHost; item: TimelineItem }) {
  const [editing, setEditing] = useState(false);
  const passage = item.passage;
  return (
    <div className="timeline-row">
      <div className="timeline-date">
        <span className="timeline-date-main">{formatPartialDate(item.date)}</span>
        {item.endDate ? <span className="muted"> – {formatPartialDate(item.endDate)}</span> : null}
        <span className={`timeline-origin is-${item.origin}`} title={item.dateText ? `Read from “${item.dateText}”` : 'Set by hand'}>
          {item.origin === 'manual' ? 'set by hand' : `from “${item.dateText ?? ''}”`}
        </span>
      </div>
      <div className="timeline-body">
        {item.kind === 'event' && item.entity ? (
          <button type="button" className="link-button timeline-event" onClick={() => host.openEntity(item.entity?.id ?? '')}>
            <TypeIcon type={item.entity.type} /> <span dir="auto">{item.label}</span>
          </button>
        ) : null}
        {passage ? (
          <button type="button" className="evidence-link" onClick={() => host.openPassage(passage.sourceId, passage.id)} data-testid="timeline-passage">
            <span className="evidence-quote" dir="auto">
              “{passage.quote}”
            </span>
            <span className="evidence-source" dir="auto">
              {passage.sourceTitle}
            </span>
          </button>
        ) : null}
        {item.entities.length > 0 ? (
          <div className="timeline-entities">
            {item.entities.map((e) => (
              <button key={e.id} type="button" className="entity-chip entity-chip-small" onClick={() => host.openEntity(e.id)}>
                <TypeIcon type={e.type} decorative />
                <span dir="auto">{e.name}</span>
              </button>
            ))}
          </div>
        ) : null}
        {passage ? (
          editing ? (
            <PassageDateForm host={host} passageId={passage.id} date={item.origin === 'manual' ? item.date : ''} endDate={item.endDate} onDone={() => setEditing(false)} />
          ) : (
            <button type="button" className="btn btn-ghost btn-small timeline-set" onClick={() => setEditing(true)} data-testid="timeline-set-date">
              Correct the date
            </button>
          )
        ) : null}
      </div>
    </div>
  );
}

/** Sets a passage's date by hand (it then wins over the date read from the quote); empty clears it. */
export function PassageDateForm({
  host,
  passageId,
  date,
  endDate,
  onDone,
}: {
  host: EntitiesHost;
  passageId: string;
  date: string;
  endDate: string | null;
  onDone: () => void;
}) {
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(endDate ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    const a = from.trim();
    const b = to.trim();
    if ((a && !partialDateSchema.safeParse(a).success) || (b && !partialDateSchema.safeParse(b).success)) {
      setProblem('Dates are YYYY, YYYY-MM or YYYY-MM-DD.');
      return;
    }
    try {
      await host.call('entities.setPassageDate', { passageId, date: a || null, endDate: a && b ? b : null });
      host.afterEdit();
      host.notify(a ? `Date set to ${formatPartialDate(a)}` : 'Date cleared');
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <form
      className="passage-date-form"
      data-testid="passage-date-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') onDone();
      }}
    >
      <input value={from} onChange={(event) => setFrom(event.target.value)} placeholder="YYYY-MM-DD" aria-label="Date" autoFocus data-testid="passage-date" />
      <span className="muted">to</span>
      <input value={to} onChange={(event) => setTo(event.target.value)} placeholder="(optional)" aria-label="End date" />
      <button type="submit" className="btn btn-primary btn-small" data-testid="passage-date-save">
        Save
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onDone}>
        Cancel
      </button>
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
