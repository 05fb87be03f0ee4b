import { useEffect, useMemo, useState } from 'react';
import type { EntityRef, EntityType } from '../../../shared/domain/entity';
import { EntityCombobox } from './EntityCombobox';
import { useEntitiesHost } from './host';
import type { EntitiesHost } from './host';
import { PassageDateForm } from './TimelineView';
import { TYPE_LABELS, TypeIcon } from './types';

/** Which entities each passage of a source is linked to, reloaded whenever the case's history moves. */
function useSourceLinks(host: EntitiesHost, sourceId: string): { links: Map<string, EntityRef[]>; setFor: (passageId: string, entities: EntityRef[]) => void } {
  const [state, setState] = useState<{ key: string; links: Map<string, EntityRef[]> }>({ key: '', links: new Map() });
  const { call, version, fail } = host;
  useEffect(() => {
    let current = true;
    call('entities.forSource', { sourceId }).then(
      ({ links }) => {
        if (current) setState({ key: sourceId, links: new Map(links.map((l) => [l.passageId, l.entities])) });
      },
      (error: unknown) => {
        if (current) fail(error);
      },
    );
    return () => {
      current = false;
    };
  }, [call, fail, sourceId, version]);
  const links = state.key === sourceId ? state.links : new Map<string, EntityRef[]>();
  return {
    links,
    setFor: (passageId, entities) => setState((s) => ({ key: s.key, links: new Map(s.links).set(passageId, entities) })),
  };
}

/**
 * The passage panel's "Entities" section: who and what this passage is about. Keyboard-first like the tag picker:
 * E focuses the field, type, Enter links (or creates in place, then Enter again for the suggested type).
 */
export function EntityLinks({ passageId, sourceId, disabled }: { passageId: string; sourceId: string; disabled: boolean }) {
  const host = useEntitiesHost();
  if (!host) return null;
  return <EntityLinksInner host={host} passageId={passageId} sourceId={sourceId} disabled={disabled} />;
}

function EntityLinksInner({ host, passageId, sourceId, disabled }: { host: EntitiesHost; passageId: string; sourceId: string; disabled: boolean }) {
  const { links, setFor } = useSourceLinks(host, sourceId);
  const linked = useMemo(() => links.get(passageId) ?? [], [links, passageId]);
  const exclude = useMemo(() => new Set(linked.map((e) => e.id)), [linked]);
  const [busy, setBusy] = useState(false);
  const [dating, setDating] = useState(false);

  const run = async (work: () => Promise<EntityRef[] | null>, message?: string) => {
    setBusy(true);
    try {
      const entities = await work();
      if (entities) setFor(passageId, entities);
      host.afterEdit();
      if (message) host.notify(message);
    } catch (error) {
      host.fail(error);
    } finally {
      setBusy(false);
    }
  };

  const link = (entity: EntityRef) =>
    void run(async () => (await host.call('entities.link', { passageId, entityIds: [entity.id] })).entities);
  const unlink = (entity: EntityRef) =>
    void run(async () => (await host.call('entities.unlink', { passageId, entityIds: [entity.id] })).entities);
  const create = (name: string, type: EntityType) =>
    void run(async () => {
      const entity = await host.call('entities.create', { type, name, passageIds: [passageId] });
      return [...linked, { id: entity.id, type: entity.type, name: entity.name }];
    }, `Created ${TYPE_LABELS[type].toLocaleLowerCase()} “${name}”`);

  return (
    <section className="entity-links" aria-label="Entities" data-testid="entity-links">
      <h4 className="entity-links-title">Entities</h4>
      {linked.length > 0 ? (
        <ul className="entity-chips">
          {linked.map((entity) => (
            <li key={entity.id} className="entity-chip" data-testid="entity-linked" data-entity-id={entity.id}>
              <TypeIcon type={entity.type} />
              <button type="button" className="entity-chip-name" dir="auto" title="Open the profile" onClick={() => host.openEntity(entity.id)}>
                {entity.name}
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Unlink ${entity.name}`}
                data-testid="entity-unlink"
                disabled={disabled || busy}
                onClick={() => unlink(entity)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <EntityCombobox
        call={host.call}
        placeholder="Link a person, company, place…"
        exclude={exclude}
        onPick={link}
        onCreate={create}
        testId="entity-link-input"
        disabled={disabled}
      />
      {dating ? (
        <PassageDateForm host={host} passageId={passageId} date="" endDate={null} onDone={() => setDating(false)} />
      ) : (
        <button type="button" className="btn btn-ghost btn-small entity-links-date" onClick={() => setDating(true)} disabled={disabled} data-testid="passage-set-date">
          Set a date for the timeline…
        </button>
      )}
    </section>
  );
}
