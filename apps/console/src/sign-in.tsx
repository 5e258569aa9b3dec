import { useState } from 'preact/hooks';
import { DialLinkError, TokenPair, TokenSession } from '@diallink/client';
import { inWords } from './words';

interface Props {
  notice?: string;
  onSignedIn: (email: string, tokens: TokenPair) => void;
}

export function SignInPage({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await TokenSession.logIn(window.location.origin, { email, password });
      if (session.current) onSignedIn(email, session.current);
    } catch (failure) {
      setError(
        failure instanceof DialLinkError && failure.status === 401
          ? 'That email and password do not match an account.'
          : inWords(failure),
      );
      setBusy(false);
    }
  };

  return (
    <main>
      <div class="card sign-in">
        <h1>Sign in to DialLink</h1>
        {notice && (
          <p class="status" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
          {error && (
            <p id="sign-in-error" class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
