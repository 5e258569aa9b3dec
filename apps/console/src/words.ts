import { DialLinkError } from '@diallink/client';

/** An error as a sentence for the person using the console. */
export function inWords(error: unknown): string {
  if (error instanceof DialLinkError) {
    switch (error.status) {
      case 401:
        return error.body.message || 'Your session has ended: sign in again.';
      case 429:
        return `Too many attempts: ${error.body.message}`;
      default:
        return error.describe();
    }
  }
  if (error instanceof TypeError) return 'DialLink could not be reached: check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** `2027-12-01`: an expiry as a date, in UTC like everything DialLink stores. */
export function dateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
