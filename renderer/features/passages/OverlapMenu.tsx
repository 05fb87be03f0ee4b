import { useEffect, useRef } from 'react';
import type { PassageView } from '../../../shared/domain/passage';
import type { TagView } from '../../../shared/domain/tag';

type Props = {
  x: number;
  y: number;
  passages: readonly PassageView[];
  tags: readonly TagView[];
  onChoose: (id: string) => void;
  onClose: () => void;
};

/** A click where passages overlap asks which one was meant, naming each by its tags and opening words. */
export function OverlapMenu({ x, y, passages, tags, onChoose, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const byId = new Map(tags.map((t) => [t.id, t]));
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <>
      <div className="popup-catcher" onMouseDown={onClose} />
      <div
        ref={ref}
        className="overlap-menu"
        role="menu"
        aria-label="Overlapping passages"
        data-testid="overlap-menu"
        style={{ left: Math.min(x, window.innerWidth - 320), top: Math.min(y + 10, window.innerHeight - 60 * passages.length - 40) }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          event.stopPropagation();
        }}
      >
        <p className="overlap-title">{passages.length} passages overlap here</p>
        {passages.map((p) => {
          const first = byId.get(p.tagIds[0] ?? '');
          return (
            <button key={p.id} type="button" role="menuitem" className="overlap-item" onClick={() => onChoose(p.id)}>
              <span className="swatch" style={{ backgroundColor: first?.color ?? '#8a857c' }} aria-hidden="true" />
              <span className="overlap-text">
                <b dir="auto">{p.tagIds.map((id) => byId.get(id)?.name ?? '').filter(Boolean).join(', ') || 'No tag'}</b>
                <span className="muted" dir="auto">
                  {p.exact.length > 70 ? `${p.exact.slice(0, 68)}…` : p.exact}
                </span>
              </span>
            </button>
          );
        })}
      </div>
    </>
  );
}
