import { useId } from 'react';
import type { InputHTMLAttributes, Ref } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: string | undefined;
  problem?: string | undefined;
  testId: string;
  inputRef?: Ref<HTMLInputElement>;
};

/** A labelled input whose hint and inline problem are announced with it. */
export function Field({ label, hint, problem, testId, inputRef, ...input }: Props) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, problem ? `${id}-problem` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        data-testid={testId}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {problem ? (
        <p className="field-problem" id={`${id}-problem`} data-testid={`${testId}-problem`}>
          {problem}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
