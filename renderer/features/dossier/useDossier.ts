import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { DossierRecord, DossierSummary } from '../../../shared/domain/dossier';
import type { DossierHost } from './context';

/** The contract's methods that change a dossier and answer with the whole dossier as it now stands. */
export type EditMethod = {
  [M in MethodName]: MethodOutput<M> extends DossierRecord ? (DossierRecord extends MethodOutput<M> ? M : never) : never;
}[MethodName];

export type DossierBook = {
  list: DossierSummary[] | null;
  record: DossierRecord | null;
  /** Set when the open dossier could not be loaded (deleted by an undo, for instance). */
  missing: boolean;
  edit: <M extends EditMethod>(method: M, input: MethodInput<M>, optimistic?: (record: DossierRecord) => DossierRecord) => Promise<DossierRecord | null>;
  reloadList: () => void;
};

/**
 * The dossier list and the open dossier. `revision` moves whenever history steps (undo/redo) or anything else may
 * have changed them behind the composer's back; both are then read again from main.
 */
export function useDossier(host: DossierHost, id: string | null, revision: number): DossierBook {
  const [list, setList] = useState<DossierSummary[] | null>(null);
  const [record, setRecord] = useState<DossierRecord | null>(null);
  const [missingId, setMissingId] = useState<string | null>(null);
  const [listVersion, setListVersion] = useState(0);
  // Answers to edits may arrive out of order; only the newest one's record is kept.
  const sequence = useRef(0);
  const { call, fail, afterEdit } = host;

  const reloadList = useCallback(() => setListVersion((v) => v + 1), []);

  useEffect(() => {
    let current = true;
    call('dossiers.list', {}).then(
      ({ dossiers }) => {
        if (current) setList([...dossiers].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
      },
      (error: unknown) => {
        if (current) fail(error);
      },
    );
    return () => {
      current = false;
    };
  }, [call, fail, revision, listVersion]);

  useEffect(() => {
    if (id === null) return;
    let current = true;
    const mine = (sequence.current += 1);
    call('dossiers.get', { id }).then(
      (found) => {
        if (!current || mine !== sequence.current) return;
        setRecord(found);
        setMissingId(null);
      },
      () => {
        if (current) setMissingId(id);
      },
    );
    return () => {
      current = false;
    };
  }, [call, id, revision]);

  const recordRef = useRef(record);
  useEffect(() => {
    recordRef.current = record;
  }, [record]);

  const edit = useCallback(
    async <M extends EditMethod>(method: M, input: MethodInput<M>, optimistic?: (r: DossierRecord) => DossierRecord) => {
      const before = recordRef.current;
      const mine = (sequence.current += 1);
      if (before && optimistic) setRecord(optimistic(before));
      try {
        const next = (await call(method, input)) as DossierRecord;
        if (mine === sequence.current) setRecord(next);
        afterEdit();
        reloadList();
        return next;
      } catch (error) {
        if (mine === sequence.current && before) setRecord(before);
        fail(error);
        return null;
      }
    },
    [call, fail, afterEdit, reloadList],
  );

  const shown = record !== null && record.id === id && missingId !== id ? record : null;
  return { list, record: shown, missing: id !== null && missingId === id, edit, reloadList };
}
