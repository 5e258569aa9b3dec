import { TokenPair } from '@diallink/client';

/**
 * The signed-in user's tokens, kept for this tab only (sessionStorage): a reload keeps the session,
 * another tab or a closed browser does not.
 */
const KEY = 'diallink.console.session';

export interface StoredSession {
  email: string;
  tokens: TokenPair;
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null || !('email' in value) || !('tokens' in value)) return false;
  const { email, tokens } = value;
  return (
    typeof email === 'string' &&
    typeof tokens === 'object' &&
    tokens !== null &&
    'refreshToken' in tokens &&
    typeof tokens.refreshToken === 'string'
  );
}

export function loadSession(): StoredSession | undefined {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return isStoredSession(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: StoredSession | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
