import { useState } from 'react';
import type { SessionState } from '../../../shared/domain/case';
import { CreateCaseForm } from './CreateCaseForm';
import { UnlockForm } from './UnlockForm';
import { WelcomeChoices } from './WelcomeChoices';
import { Wordmark } from '../../components/Wordmark';

type View = { kind: 'choose' } | { kind: 'create'; demo: boolean } | { kind: 'unlock'; folder: string | null };

type Props = { state: SessionState; onChanged: () => void };

/** Everything before a case is open: welcome, create (new or demo) and unlock. */
export function CaseAccess({ state, onChanged }: Props) {
  const library = state.mode === 'library';
  const [view, setView] = useState<View>(
    state.phase === 'locked' ? { kind: 'unlock', folder: state.folder } : { kind: 'choose' },
  );
  const choose = () => setView({ kind: 'choose' });

  return (
    <main className="access-screen">
      <div className="access-brand" aria-hidden={view.kind === 'choose'}>
        {view.kind === 'choose' ? null : <Wordmark />}
      </div>
      {view.kind === 'choose' ? (
        <WelcomeChoices
          state={state}
          onCreate={(demo) => setView({ kind: 'create', demo })}
          onUnlock={(folder) => setView({ kind: 'unlock', folder })}
        />
      ) : view.kind === 'create' ? (
        <CreateCaseForm demo={view.demo} askFolder={library} onCreated={onChanged} onBack={choose} />
      ) : (
        <UnlockForm
          folder={view.folder}
          sendFolder={library}
          onUnlocked={onChanged}
          onOtherCase={library || state.phase !== 'locked' ? choose : undefined}
        />
      )}
      <p className="access-footer">Offline. Encrypted on this computer. Nothing is sent anywhere.</p>
    </main>
  );
}
