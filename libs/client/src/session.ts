import { DialLinkError } from './errors';

/** What `POST /v1/account-hub/auth/tokens` answers: times are epoch milliseconds. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
}

export interface SessionOptions {
  fetch?: typeof globalThis.fetch;
  /** Told of every new pair, and of `undefined` when the session ends (sign-out, refresh refused). */
  onChange?: (tokens: TokenPair | undefined) => void;
  /** Refresh this long before the access token expires (default 10 s; it lives 60 s). */
  refreshMarginMs?: number;
  now?: () => number;
}

const TOKENS_PATH = '/v1/account-hub/auth/tokens';

/**
 * A signed-in user's tokens (the reference's Bearer authentication): the access token lives a
 * minute and is refreshed before it expires, or after a 401, with the refresh token (10 minutes,
 * usable once). Refreshes are single-flight: concurrent calls share one, since presenting a used
 * refresh token again revokes the whole session.
 */
export class TokenSession {
  private tokens: TokenPair | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly fetch: typeof globalThis.fetch;
  private readonly now: () => number;

  constructor(
    private readonly baseUrl: string,
    tokens: TokenPair,
    private readonly options: SessionOptions = {},
  ) {
    this.tokens = tokens;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  /** Logs in with email and password. A wrong pair throws a `DialLinkError` (401). */
  static async logIn(
    baseUrl: string,
    credentials: { email: string; password: string },
    options: SessionOptions = {},
  ): Promise<TokenSession> {
    const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const tokens = await postTokens(fetch, baseUrl, credentials);
    options.onChange?.(tokens);
    return new TokenSession(baseUrl, tokens, options);
  }

  /** The current pair, or undefined once the session has ended. */
  get current(): TokenPair | undefined {
    return this.tokens;
  }

  /** An access token that is not about to expire: refreshed first when it is. */
  async accessToken(): Promise<string> {
    const tokens = this.active();
    if (tokens.accessTokenExpiresAt - this.now() < (this.options.refreshMarginMs ?? 10_000)) {
      await this.refresh(tokens.accessToken);
    }
    return this.active().accessToken;
  }

  /**
   * Exchanges the refresh token for a new pair. `stale` is the access token a caller saw refused:
   * when another call has refreshed since, nothing more is done.
   */
  async refresh(stale?: string): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const tokens = this.active();
    if (stale !== undefined && stale !== tokens.accessToken) return;
    this.refreshing = postTokens(this.fetch, this.baseUrl, { refreshToken: tokens.refreshToken })
      .then((fresh) => {
        this.tokens = fresh;
        this.options.onChange?.(fresh);
      })
      .catch((error: unknown) => {
        if (error instanceof DialLinkError && error.status === 401) this.end();
        throw error;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Logs out: the server revokes the session's refresh tokens; the access token runs out by itself. */
  async logOut(): Promise<void> {
    const tokens = this.tokens;
    this.end();
    if (!tokens) return;
    const response = await this.fetch(`${this.baseUrl}${TOKENS_PATH}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    });
    if (!response.ok) throw DialLinkError.from(response, await bodyOf(response));
  }

  private active(): TokenPair {
    if (!this.tokens) {
      throw new DialLinkError({
        status: 401,
        error: 'UNAUTHORIZED',
        message: 'The session has ended: sign in again.',
        details: [],
        requestId: '',
      });
    }
    return this.tokens;
  }

  private end(): void {
    if (!this.tokens) return;
    this.tokens = undefined;
    this.options.onChange?.(undefined);
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isTokenPair(value: unknown): value is TokenPair {
  return (
    typeof value === 'object' &&
    value !== null &&
    'accessToken' in value &&
    typeof value.accessToken === 'string' &&
    'refreshToken' in value &&
    typeof value.refreshToken === 'string' &&
    'accessTokenExpiresAt' in value &&
    typeof value.accessTokenExpiresAt === 'number' &&
    'refreshTokenExpiresAt' in value &&
    typeof value.refreshTokenExpiresAt === 'number'
  );
}

async function postTokens(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  body: { email: string; password: string } | { refreshToken: string },
): Promise<TokenPair> {
  const response = await fetch(`${baseUrl}${TOKENS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await bodyOf(response);
  if (!response.ok) throw DialLinkError.from(response, answer);
  if (!isTokenPair(answer)) throw DialLinkError.from(response, 'the token endpoint answered an unexpected body');
  return answer;
}
