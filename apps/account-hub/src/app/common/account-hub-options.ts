/** Settings only the Account Hub has, injected where tokens are signed and sign-up is decided. */
export const ACCOUNT_HUB_OPTIONS = Symbol('ACCOUNT_HUB_OPTIONS');

export interface AccountHubOptions {
  jwtPrivateKey: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  signupEnabled: boolean;
  /** API keys one user may hold at once (a limit is per user, so more keys would not buy more). */
  maxApiKeysPerUser: number;
}
