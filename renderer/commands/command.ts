import type { SessionState } from '../../shared/domain/case';
import type { Theme } from '../app/theme';

/** What the workbench lends to commands while a case is open. */
export type WorkbenchActions = {
  importFiles(): void;
  focusSources(): void;
  selectNextSource(): void;
  selectPreviousSource(): void;
  sourceCount(): number;
};

export type CommandContext = {
  session: SessionState | null;
  theme: Theme;
  workbench: WorkbenchActions | null;
  lockCase(): Promise<void>;
  toggleTheme(): void;
};

export type Command = {
  id: string;
  label: string;
  /** Written as `Mod+Shift+P`; `Mod` is Cmd on macOS and Ctrl elsewhere. The first one is shown in the UI. */
  shortcut?: readonly string[];
  when(ctx: CommandContext): boolean;
  run(ctx: CommandContext): void | Promise<void>;
};
