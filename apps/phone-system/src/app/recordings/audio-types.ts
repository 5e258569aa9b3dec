/** The media types a recording may be uploaded as. */
export const AUDIO_CONTENT_TYPES = [
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/wav',
  'audio/wave',
  'audio/x-wav',
  'audio/ogg',
  'audio/webm',
  'audio/flac',
  'application/octet-stream',
] as const;

/** The upload route's body: raw audio of those types (see `@StreamedBodyRoute()` of `@diallink/common`). */
export const AUDIO_BODY = { contentTypes: AUDIO_CONTENT_TYPES, what: 'audio' } as const;
