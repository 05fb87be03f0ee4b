import type { ReactNode } from 'react';
import type { Command, CommandContext } from '../commands/command';
import { formatShortcut } from '../commands/shortcuts';

type Props = {
  command: Command;
  context: () => CommandContext;
  label?: string;
  className?: string;
  testId?: string;
  children?: ReactNode;
};

/** A button that runs a command object, so its label and shortcut hint match the palette's. */
export function CommandButton({ command, context, label, className = 'btn', testId, children }: Props) {
  const hint = command.shortcut?.[0];
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      title={hint ? `${command.label} (${formatShortcut(hint)})` : command.label}
      aria-label={label ? undefined : command.label}
      onClick={() => {
        const ctx = context();
        if (command.when(ctx)) void command.run(ctx);
      }}
    >
      {children}
      {label ?? null}
    </button>
  );
}
