import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DossierRecord, DossierSection, DossierSummary } from '../../../shared/domain/dossier';
import { plural } from '../../components/format';
import type { DossierHost } from './context';
import { useDossierHost } from './context';
import { quotesTarget } from './reorder';

type Props = {
  passageIds: readonly string[];
  label?: string;
  className?: string;
  disabled?: boolean;
};

/**
 * Adds passages to a section of a dossier: to the section's last block when it holds quotes (so a run of additions
 * reads as one list), else as a new quotes block. Passages already there are not added twice.
 */
export async function addPassages(host: DossierHost, dossierId: string, section: DossierSection, passageIds: readonly string[]): Promise<number> {
  const target = quotesTarget(section);
  if (target) {
    const fresh = passageIds.filter((id) => !target.passageIds.includes(id));
    if (fresh.length === 0) return 0;
    await host.call('dossiers.updateBlock', { dossierId, blockId: target.blockId, block: { type: 'quotes', passageIds: [...target.passageIds, ...fresh] } });
    return fresh.length;
  }
  await host.call('dossiers.addBlock', { dossierId, sectionId: section.id, block: { type: 'quotes', passageIds: [...passageIds] } });
  return passageIds.length;
}

/** “Add to dossier…”: a menu of dossiers, then of the chosen dossier's sections (or a new one). */
export function AddToDossier({ passageIds, label = 'Add to dossier…', className = 'btn btn-ghost btn-small', disabled = false }: Props) {
  const host = useDossierHost();
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  if (!host) return null;
  return (
    <>
      <button
        type="button"
        className={className}
        data-testid="add-to-dossier"
        disabled={disabled || passageIds.length === 0}
        aria-haspopup="menu"
        onMouseDown={(event) => event.preventDefault()}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setAt(at ? null : { x: rect.right, y: rect.bottom + 4 });
        }}
      >
        {label}
      </button>
      {at ? <AddMenu host={host} passageIds={passageIds} at={at} onClose={() => setAt(null)} /> : null}
    </>
  );
}

function AddMenu({ host, passageIds, at, onClose }: { host: DossierHost; passageIds: readonly string[]; at: { x: number; y: number }; onClose: () => void }) {
  const [dossiers, setDossiers] = useState<DossierSummary[] | null>(null);
  const [chosen, setChosen] = useState<DossierRecord | null>(null);
  const [newTitle, setNewTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const [left, setLeft] = useState(at.x);
  const { call } = host;

  useEffect(() => {
    let current = true;
    call('dossiers.list', {}).then(
      ({ dossiers: all }) => {
        if (current) setDossiers([...all].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
      },
      (error: unknown) => {
        host.fail(error);
        onClose();
      },
    );
    return () => {
      current = false;
    };
  }, [call, host, onClose]);

  // Opened from the right edge of a narrow panel: the menu grows leftwards and stays on screen.
  useLayoutEffect(() => {
    const width = menuRef.current?.offsetWidth ?? 300;
    setLeft(Math.max(8, Math.min(at.x - width, window.innerWidth - width - 8)));
  }, [at.x, chosen, dossiers]);

  useEffect(() => {
    menuRef.current?.querySelector<HTMLElement>('button, input')?.focus();
  }, [chosen, dossiers]);

  const finish = async (work: () => Promise<{ record: DossierRecord; section: DossierSection }>) => {
    setBusy(true);
    try {
      const { record, section } = await work();
      const added = await addPassages(host, record.id, section, passageIds);
      host.afterEdit();
      const where = `“${record.title}” › ${section.title || 'untitled section'}`;
      host.notify(added === 0 ? `Already in ${where}` : `Added ${plural(added, 'passage')} to ${where}`);
      onClose();
    } catch (error) {
      host.fail(error);
      setBusy(false);
    }
  };

  const newSection = (record: DossierRecord) =>
    finish(async () => {
      const next = await call('dossiers.addSection', { dossierId: record.id, title: '' });
      const section = next.sections[next.sections.length - 1];
      if (!section) throw new Error('The new section did not come back.');
      return { record: next, section };
    });

  const newDossier = (title: string) =>
    finish(async () => {
      const created = await call('dossiers.create', { title });
      const next = await call('dossiers.addSection', { dossierId: created.id, title: '' });
      const section = next.sections[0];
      if (!section) throw new Error('The new section did not come back.');
      return { record: next, section };
    });

  return (
    <div className="popup-catcher" onMouseDown={onClose}>
      <div
        ref={menuRef}
        className="add-dossier-menu"
        role="menu"
        aria-label="Add to dossier"
        data-testid="add-to-dossier-menu"
        aria-busy={busy}
        style={{ left, top: Math.min(at.y, window.innerHeight - 320) }}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            if (chosen) setChosen(null);
            else onClose();
          }
        }}
      >
        {chosen ? (
          <>
            <div className="add-menu-head">
              <button type="button" className="link-button" onClick={() => setChosen(null)} aria-label="Back to the dossiers">
                ‹
              </button>
              <span dir="auto">{chosen.title}</span>
            </div>
            <p className="add-menu-label">Add {plural(passageIds.length, 'passage')} to section</p>
            {chosen.sections.map((section, i) => (
              <button
                key={section.id}
                type="button"
                role="menuitem"
                className="add-menu-item"
                data-testid="add-to-section"
                disabled={busy}
                onClick={() => void finish(async () => ({ record: chosen, section }))}
              >
                <span className="section-number">{i + 1}</span>
                <span dir="auto">{section.title || 'Untitled section'}</span>
              </button>
            ))}
            <button type="button" role="menuitem" className="add-menu-item is-new" data-testid="add-to-new-section" disabled={busy} onClick={() => void newSection(chosen)}>
              + New section
            </button>
          </>
        ) : (
          <>
            <p className="add-menu-label">Add {plural(passageIds.length, 'passage')} to</p>
            {dossiers === null ? <p className="muted add-menu-wait">Loading…</p> : null}
            {dossiers?.map((d) => (
              <button
                key={d.id}
                type="button"
                role="menuitem"
                className="add-menu-item"
                data-testid="add-to-dossier-choice"
                disabled={busy}
                onClick={() =>
                  void call('dossiers.get', { id: d.id }).then(
                    (record) => (record.sections.length === 0 ? void newSection(record) : setChosen(record)),
                    (error: unknown) => host.fail(error),
                  )
                }
              >
                <span dir="auto">{d.title}</span>
                <span className="muted">{plural(d.sectionCount, 'section')}</span>
              </button>
            ))}
            <form
              className="add-menu-new"
              onSubmit={(event) => {
                event.preventDefault();
                if (newTitle.trim()) void newDossier(newTitle.trim());
              }}
            >
              <input
                className="field-input field-small"
                value={newTitle}
                dir="auto"
                placeholder="New dossier…"
                aria-label="New dossier title"
                data-testid="add-to-new-dossier"
                onChange={(event) => setNewTitle(event.target.value)}
              />
              <button type="submit" className="btn btn-secondary btn-small" disabled={busy || !newTitle.trim()}>
                Create
              </button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
