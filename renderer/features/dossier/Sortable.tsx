import { useCallback, useLayoutEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { isEditableTarget } from '../../commands/shortcuts';
import { reorderDelta } from './reorder';

/** The item to give focus back to after a keyboard move re-orders the DOM (moving a node drops its focus). */
const refocus: { id: string | null } = { id: null };

export type HandleProps = {
  ref: (el: HTMLElement | null) => void;
  [key: string]: unknown;
};

type ListProps = {
  ids: readonly string[];
  onMove: (from: number, to: number) => void;
  children: (id: string, index: number) => ReactNode;
  label: string;
};

/**
 * A vertical list the researcher can reorder by dragging a grip, with dnd-kit's keyboard dragging (Space, arrows,
 * Space) and, from anywhere in an item that is not a text field, Alt+↑ / Alt+↓.
 */
export function SortableList({ ids, onMove, children, label }: ListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ screenReaderInstructions: { draggable: `${label}: press Space to pick up, arrows to move, Space to drop. Alt+Up and Alt+Down also move it.` } }}
    >
      <SortableContext items={[...ids]} strategy={verticalListSortingStrategy}>
        {ids.map((id, index) => children(id, index))}
      </SortableContext>
    </DndContext>
  );
}

type ItemProps = {
  id: string;
  className: string;
  testId?: string;
  as?: 'li' | 'div';
  /** Alt+↑/↓: return true when the item moved (focus then follows it). */
  onStep: (delta: -1 | 1) => boolean;
  children: (handle: HandleProps) => ReactNode;
  extra?: Record<string, string>;
};

export function SortableItem({ id, className, testId, as = 'div', onStep, children, extra }: ItemProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const handleRef = useRef<HTMLElement | null>(null);
  const setHandle = useCallback(
    (el: HTMLElement | null) => {
      handleRef.current = el;
      setActivatorNodeRef(el);
    },
    [setActivatorNodeRef],
  );
  useLayoutEffect(() => {
    if (refocus.id === id) {
      refocus.id = null;
      handleRef.current?.focus();
    }
  });
  const onKeyDown = (event: KeyboardEvent) => {
    const delta = reorderDelta(event);
    if (delta === null || isEditableTarget(event.target)) return;
    // Handled here, so the workbench's Alt+↑/↓ (previous/next source) does not also run.
    event.preventDefault();
    event.stopPropagation();
    if (onStep(delta)) refocus.id = id;
  };
  const Tag = as;
  return (
    <Tag
      ref={setNodeRef}
      className={`${className}${isDragging ? ' is-dragging' : ''}`}
      data-testid={testId}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onKeyDown={onKeyDown}
      {...extra}
    >
      {/* eslint-disable-next-line react-hooks/refs -- setHandle is a ref callback React calls on mount, not read here */}
      {children({
        ...attributes,
        ...listeners,
        ref: setHandle,
      })}
    </Tag>
  );
}

export function Grip({ handle, label }: { handle: HandleProps; label: string }) {
  const { ref, ...rest } = handle;
  return (
    <button type="button" className="grip" aria-label={label} title={`${label} (drag, or Alt+↑ / Alt+↓)`} ref={ref} {...rest}>
      <svg viewBox="0 0 10 16" width="8" height="14" aria-hidden="true">
        {[3, 8, 13].map((y) => (
          <g key={y}>
            <circle cx="2.5" cy={y} r="1.3" fill="currentColor" />
            <circle cx="7.5" cy={y} r="1.3" fill="currentColor" />
          </g>
        ))}
      </svg>
    </button>
  );
}
