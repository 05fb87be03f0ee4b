import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { explainAccessError } from './accessErrors';
import { DEMO_CASE_NAME, MIN_PASSPHRASE_LENGTH, checkNewCase } from './newCaseForm';
import type { NewCaseFields, NewCaseProblems } from './newCaseForm';

type Props = {
  demo: boolean;
  /** In library mode the user may name the case folder, which is stored unencrypted. */
  askFolder: boolean;
  onCreated: () => void;
  onBack: () => void;
};

export function CreateCaseForm({ demo, askFolder, onCreated, onBack }: Props) {
  const [fields, setFields] = useState<NewCaseFields>({
    name: demo ? DEMO_CASE_NAME : '',
    folder: '',
    passphrase: '',
    confirm: '',
  });
  const [problems, setProblems] = useState<NewCaseProblems>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);

  const update = (key: keyof NewCaseFields) => (event: { target: { value: string } }) => {
    const next = { ...fields, [key]: event.target.value };
    setFields(next);
    // Before the first submit, stay quiet while the user types; afterwards, clear problems as they are fixed.
    if (submitted) setProblems(checkNewCase(next));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const found = checkNewCase(fields);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const folder = fields.folder.trim();
      await call('case.create', {
        name: fields.name.trim(),
        passphrase: fields.passphrase,
        demo,
        ...(askFolder && folder !== '' ? { folder } : {}),
      });
      onCreated();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
      setBusy(false);
    }
  };

  const explanation = failure ? explainAccessError(failure) : null;

  return (
    <form className="access-card" onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
      <button type="button" className="link-button back-link" onClick={onBack} disabled={busy}>
        ← Back
      </button>
      <h1 className="access-title">{demo ? 'Open the demo case' : 'New case'}</h1>
      <p className="access-lede">
        {demo
          ? 'Five news reports on NSO Group and the SS7 network, in English and French, imported into a new encrypted case. Choose a passphrase for it as you would for real work.'
          : 'Everything you import into a case is encrypted on this computer with a key derived from your passphrase.'}
      </p>

      <Field
        label="Case name"
        testId="create-name"
        value={fields.name}
        onChange={update('name')}
        problem={problems.name}
        hint="Stored inside the encrypted case."
        autoFocus={!demo}
        maxLength={200}
        disabled={busy}
      />
      {askFolder ? (
        <Field
          label="Folder name (optional)"
          testId="create-folder"
          value={fields.folder}
          onChange={update('folder')}
          problem={problems.folder}
          hint="Folder names are not encrypted: anyone who can see the disk can read them. Left empty, the folder gets a neutral name such as case-1."
          maxLength={120}
          disabled={busy}
          spellCheck={false}
        />
      ) : null}
      {/* Lets a password manager file the new passphrase under the case name; never shown. */}
      <input type="text" hidden readOnly autoComplete="username" value={fields.folder.trim() || fields.name.trim()} />
      <Field
        label="Passphrase"
        testId="create-passphrase"
        type="password"
        value={fields.passphrase}
        onChange={update('passphrase')}
        problem={problems.passphrase}
        hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easier to remember and hard to guess.`}
        autoComplete="new-password"
        autoFocus={demo}
        inputRef={passphraseRef}
        disabled={busy}
      />
      <Field
        label="Passphrase again"
        testId="create-passphrase-confirm"
        type="password"
        value={fields.confirm}
        onChange={update('confirm')}
        problem={problems.confirm}
        autoComplete="new-password"
        disabled={busy}
      />

      <p className="access-warning">
        <strong>There is no recovery.</strong> Casefile never stores your passphrase. If it is lost, nobody — not even
        you — can open this case again. Keep it in a password manager.
      </p>

      {explanation && failure ? (
        <ErrorNote {...explanation} code={failure.code} testId="create-error" />
      ) : null}

      <div className="access-actions">
        <button type="submit" className="btn btn-primary" data-testid="create-submit" disabled={busy}>
          {busy ? (
            <>
              <Spinner /> Creating the encrypted case…
            </>
          ) : demo ? (
            'Create demo case'
          ) : (
            'Create case'
          )}
        </button>
      </div>
    </form>
  );
}
