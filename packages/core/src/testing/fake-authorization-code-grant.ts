import { pkceChallenge } from '../auth/pkce.js';

/** The app a fake's authorization server knows. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The redirect URI a code must be redeemed with, unless the code was issued with its own. */
  redirectURI?: string | undefined;
}

export interface FakeAuthorizationCodeGrantOptions {
  /** The provider's name, in codes and refresh tokens (`fake-<name>-code-1`). */
  name: string;
  /** Default: no app, so every token request is `invalid_client`. */
  app?: FakeOAuthApp | undefined;
}

/** An OAuth error for the token endpoint to answer in the provider's envelope. */
export interface FakeGrantRefusal {
  status: number;
  /** RFC 6749 §5.2: `invalid_client`, `invalid_grant`, `unsupported_grant_type`. */
  error: string;
  message: string;
}

export interface FakeAuthorizationCodeGrant {
  /** A code as the authorization server would put on the redirect URL. */
  issueCode(options?: {
    redirectURI?: string | undefined;
    /** S256 challenge: the code is then redeemed only with its verifier. */
    codeChallenge?: string | undefined;
  }): string;
  /**
   * Checks a token request's form (RFC 6749 §4.1.3 and §6, RFC 7636 §4.6):
   * the app's id and secret, then the code (once only, with its redirect URI
   * and PKCE verifier) or a refresh token this grant issued. Success issues a
   * new refresh token; the caller issues the access token.
   */
  redeem(form: URLSearchParams): Promise<{ refreshToken: string } | FakeGrantRefusal>;
  /** Forgets codes and refresh tokens; numbering restarts. */
  clear(): void;
}

/**
 * The authorization-code and refresh-token grants of a fake's OAuth token
 * endpoint, for providers whose users connect an account (HubSpot).
 */
export function createFakeAuthorizationCodeGrant(
  options: FakeAuthorizationCodeGrantOptions,
): FakeAuthorizationCodeGrant {
  let codes = new Map<
    string,
    { redirectURI?: string | undefined; codeChallenge?: string | undefined }
  >();
  let refreshTokens = new Set<string>();
  // Two sequences, as a provider numbers its codes and its refresh tokens.
  let counters = { code: 0, refresh: 0 };
  const refuse = (error: string, message: string, status = 400): FakeGrantRefusal => ({
    status,
    error,
    message,
  });

  const checkCode = async (form: URLSearchParams, app: FakeOAuthApp) => {
    const code = form.get('code') ?? '';
    const issued = codes.get(code);
    if (!issued) {
      return refuse('invalid_grant', 'The authorization code is invalid or was used already.');
    }
    codes.delete(code);
    const redirect = issued.redirectURI ?? app.redirectURI;
    if (redirect && form.get('redirect_uri') !== redirect) {
      return refuse('invalid_grant', 'redirect_uri does not match.');
    }
    const verifier = form.get('code_verifier');
    if (
      issued.codeChallenge &&
      (!verifier || (await pkceChallenge(verifier)) !== issued.codeChallenge)
    ) {
      return refuse('invalid_grant', 'code_verifier does not match the code challenge.');
    }
    return undefined;
  };

  return {
    issueCode(codeOptions = {}) {
      counters.code += 1;
      const code = `fake-${options.name}-code-${counters.code}`;
      codes.set(code, { ...codeOptions });
      return code;
    },
    async redeem(form) {
      const app = options.app;
      if (
        !app ||
        form.get('client_id') !== app.clientId ||
        form.get('client_secret') !== app.clientSecret
      ) {
        return refuse('invalid_client', 'The client id or secret is wrong.', 401);
      }
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        const refused = await checkCode(form, app);
        if (refused) return refused;
      } else if (grantType === 'refresh_token') {
        if (!refreshTokens.has(form.get('refresh_token') ?? '')) {
          return refuse('invalid_grant', 'The refresh token is invalid.');
        }
      } else {
        return refuse(
          'unsupported_grant_type',
          `grant_type ${String(grantType)} is not supported.`,
        );
      }
      counters.refresh += 1;
      const refreshToken = `fake-${options.name}-refresh-${counters.refresh}`;
      refreshTokens.add(refreshToken);
      return { refreshToken };
    },
    clear() {
      codes = new Map();
      refreshTokens = new Set();
      counters = { code: 0, refresh: 0 };
    },
  };
}
