import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionState } from '../../shared/domain/case';
import { ApiError, call } from '../api/client';

export const SESSION_POLL_MS = 10_000;

export type SessionView = {
  state: SessionState | null;
  problem: ApiError | null;
  refresh: () => Promise<SessionState | null>;
};

/**
 * The session state is owned by main; the renderer only mirrors it. Polling (and re-checking when the window
 * regains focus) makes an auto-lock that happened elsewhere show the unlock screen within seconds.
 */
export function useSession(): SessionView {
  const [state, setState] = useState<SessionState | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const inFlight = useRef<Promise<SessionState | null> | null>(null);

  const refresh = useCallback(() => {
    inFlight.current ??= call('session.state', {})
      .then((next) => {
        setState(next);
        setProblem(null);
        return next;
      })
      .catch((error: unknown) => {
        // Without a trustworthy state nothing decrypted may stay on screen, so the state is dropped too.
        setState(null);
        setProblem(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
        return null;
      })
      .finally(() => {
        inFlight.current = null;
      });
    return inFlight.current;
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), SESSION_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  return { state, problem, refresh };
}
