import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import { COMMANDS, PALETTE_SHORTCUTS } from '../commands/catalog';
import type { CommandContext, WorkbenchActions } from '../commands/command';
import { CommandPalette } from '../commands/CommandPalette';
import { useCommandShortcuts } from '../commands/useCommandShortcuts';
import { CaseAccess } from '../features/case-access/CaseAccess';
import { ProblemScreen } from './ProblemScreen';
import { useTheme } from './theme';
import { useSession } from './useSession';
import { Workbench } from './Workbench';

export function App() {
  const { theme, toggleTheme } = useTheme();
  const { state, problem, refresh } = useSession();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const workbench = useRef<WorkbenchActions | null>(null);

  const lockCase = useCallback(async () => {
    try {
      await call('case.lock', {});
    } catch (error) {
      setNotice(error instanceof Error ? `Could not lock: ${error.message}` : 'Could not lock the case.');
    }
    await refresh();
  }, [refresh]);

  // Read at the moment a command runs, so commands always see the current session and workbench.
  const latest = useRef({ state, theme, toggleTheme, lockCase });
  useEffect(() => {
    latest.current = { state, theme, toggleTheme, lockCase };
  });
  const commandContext = useCallback(
    (): CommandContext => ({
      session: latest.current.state,
      theme: latest.current.theme,
      workbench: workbench.current,
      lockCase: latest.current.lockCase,
      toggleTheme: latest.current.toggleTheme,
    }),
    [],
  );

  useCommandShortcuts({
    commands: COMMANDS,
    context: commandContext,
    paletteShortcuts: PALETTE_SHORTCUTS,
    openPalette: () => setPaletteOpen(true),
    suspended: paletteOpen,
  });

  const openCase = state?.phase === 'open' ? state.openCase : null;
  useEffect(() => {
    // The window title is visible to the OS and screen sharing; only name the case while it is open.
    document.title = openCase ? `${openCase.name} — Casefile` : 'Casefile';
  }, [openCase]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  let screen;
  if (problem) screen = <ProblemScreen problem={problem} onRetry={() => void refresh()} />;
  else if (!state) screen = <div className="boot" aria-busy="true" />;
  else if (state.phase === 'open' && state.openCase) {
    screen = (
      <Workbench
        key={state.openCase.id}
        openCase={state.openCase}
        actionsRef={workbench}
        commandContext={commandContext}
        onSessionChanged={() => void refresh()}
        onOpenPalette={() => setPaletteOpen(true)}
      />
    );
  } else {
    screen = <CaseAccess key={`${state.phase}:${state.folder ?? ''}`} state={state} onChanged={() => void refresh()} />;
  }

  return (
    <>
      {screen}
      {paletteOpen ? (
        <CommandPalette commands={COMMANDS} context={commandContext} onClose={() => setPaletteOpen(false)} />
      ) : null}
      {notice ? (
        <div className="toast" role="status">
          {notice}
        </div>
      ) : null}
    </>
  );
}
