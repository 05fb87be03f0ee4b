import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Spinner } from '../../components/Spinner';
import { explainAccessError } from './accessErrors';

type Props = {
  folder: string | null;
  /** Sent with the request only in library mode, where several case folders sit side by side. */
  sendFolder: boolean;
  onUnlocked: () => void;
  onOtherCase?: (() => void) | undefined;
};

export function UnlockForm({ folder, sendFolder, onUnlocked, onOtherCase }: Props) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!busy) inputRef.current?.focus();
  }, [busy, failure]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (passphrase === '') {
      setFailure(new ApiError('BAD_INPUT', 'Enter the passphrase.'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await call('case.unlock', { passphrase, ...(sendFolder && folder ? { folder } : {}) });
      setPassphrase('');
      onUnlocked();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
      setBusy(false);
      // Selecting the old attempt lets the user retype at once without a stray character left behind.
      requestAnimationFrame(() => inputRef.current?.select());
    }
  };

  const explanation = failure ? explainAccessError(failure) : null;

  return (
    <form className="access-card access-card-narrow" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <div className="lock-mark" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <rect x="5" y="10.5" width="14" height="10" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </div>
      <h1 className="access-title">This case is locked</h1>
      {folder ? (
        <p className="access-folder">
          Case folder <code>{folder}</code>
        </p>
      ) : null}
      {/* Lets a password manager file the passphrase under this case folder; never shown. */}
      <input type="text" hidden readOnly autoComplete="username" value={folder ?? 'Casefile case'} />
      <div className={`field${failure ? ' field-invalid' : ''}`}>
        <label htmlFor="unlock-passphrase">Passphrase</label>
        <input
          id="unlock-passphrase"
          ref={inputRef}
          type="password"
          data-testid="unlock-passphrase"
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          autoComplete="current-password"
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? 'unlock-error' : undefined}
          readOnly={busy}
        />
      </div>
      {explanation && failure ? (
        <div id="unlock-error">
          <ErrorNote {...explanation} code={failure.code} testId="unlock-error" />
        </div>
      ) : null}
      <div className="access-actions">
        <button type="submit" className="btn btn-primary btn-wide" data-testid="unlock-submit" disabled={busy}>
          {busy ? (
            <>
              <Spinner /> Unlocking…
            </>
          ) : (
            'Unlock'
          )}
        </button>
      </div>
      {onOtherCase ? (
        <button type="button" className="link-button other-case" onClick={onOtherCase} disabled={busy}>
          Open or create a different case
        </button>
      ) : null}
    </form>
  );
}
