import { useEffect, useState } from 'preact/hooks';
import { DialLinkClient, TokenPair, TokenSession, createDialLinkClient } from '@diallink/client';
import { ApiKeysPage } from './api-keys';
import { SignInPage } from './sign-in';
import { loadSession, saveSession } from './session-store';
import { inWords } from './words';

interface SignedIn {
  email: string;
  session: TokenSession;
  client: DialLinkClient;
}

const ORIGIN = window.location.origin;

/** A session around the user's tokens: every new pair is kept for a reload of the page. */
function signedIn(email: string, tokens: TokenPair, ended: () => void): SignedIn {
  const session = new TokenSession(ORIGIN, tokens, {
    onChange: (fresh) => {
      saveSession(fresh ? { email, tokens: fresh } : undefined);
      if (!fresh) ended();
    },
  });
  return { email, session, client: createDialLinkClient({ baseUrl: ORIGIN, credentials: { session } }) };
}

export function App() {
  const [state, setState] = useState<SignedIn | undefined>(() => {
    const stored = loadSession();
    return stored && signedIn(stored.email, stored.tokens, () => ended());
  });
  const [notice, setNotice] = useState<string>();
  const ended = () => {
    setState(undefined);
    setNotice('Your session has ended: sign in again.');
  };

  // Silent refresh: the access token (1 minute) is renewed before it runs out, and the refresh
  // token (10 minutes) with it, so an open page keeps its session.
  useEffect(() => {
    if (!state) return;
    const timer = setInterval(() => {
      state.session.accessToken().catch(() => undefined);
    }, 15_000);
    return () => clearInterval(timer);
  }, [state]);

  if (!state) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(email, tokens) => {
          saveSession({ email, tokens });
          setNotice(undefined);
          setState(signedIn(email, tokens, ended));
        }}
      />
    );
  }
  return (
    <ApiKeysPage
      email={state.email}
      client={state.client}
      onSignOut={async () => {
        try {
          await state.session.logOut();
          setNotice('You have signed out.');
        } catch (error) {
          setNotice(`You have signed out here, but DialLink answered: ${inWords(error)}`);
        }
        saveSession(undefined);
        setState(undefined);
      }}
    />
  );
}
