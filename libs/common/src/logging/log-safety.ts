/**
 * What may be written to a log line. Secrets (passwords, keys, tokens, their hashes) reach a
 * service in bodies, headers and, when a client gets it wrong, query strings; and an error's
 * message can quote what was sent (Prisma's invocation dumps its arguments). Logs carry the
 * shape of a failure, never those values.
 */

/** Query parameters whose values are never logged: anything that looks like a credential. */
const SECRET_PARAMETER = /key|token|secret|password|passwd|pwd|auth|signature|session|pin|credential/i;

/** The URL with the value of every credential-like query parameter replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name is logged as sent; its value is what matters.
      }
      return equals >= 0 && SECRET_PARAMETER.test(decoded) ? `${name}=[REDACTED]` : pair;
    });
  return `${url.slice(0, question)}?${query.join('&')}`;
}

/** The stack's frames only (its first line repeats the message). */
function frames(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/**
 * An error as a log line may show it: its type, code, the model and the first and last lines of
 * its message (Prisma's say which call and why, the lines between quote the arguments), and the
 * stack's frames. Enumerable properties (Prisma's `meta`, pg's `detail` with the values of a
 * violated key) are left out.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]' };
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const message =
    lines.length > 1 && /invocation/.test(lines[0]) ? `${lines[0]} … ${lines[lines.length - 1]}` : (lines[0] ?? '');
  const code = (error as { code?: unknown }).code;
  const model = (error as { meta?: { modelName?: unknown } }).meta?.modelName;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof model === 'string' ? { model } : {}),
    message: message.slice(0, 500),
    stack: frames(error.stack),
    ...(error.cause ? { cause: errorForLog(error.cause) } : {}),
  };
}
