/**
 * The headers the console's files are served with, by npm start's gateway (tools/stack/gateway.ts)
 * and by nginx in docker-compose (tools/deploy/deploy-files.ts): revalidated on every load (their
 * names carry no hash), and allowed to load and call nothing but their own origin.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
