/** Settings of the Phone System beyond the shared ones; inject with `@Inject(PHONE_SYSTEM_OPTIONS)`. */
export const PHONE_SYSTEM_OPTIONS = Symbol('PHONE_SYSTEM_OPTIONS');

export interface PhoneSystemOptions {
  /** Root of local data; recordings' audio lives under `<dataDir>/blobs` unless another store is configured. */
  dataDir: string;
  /** Largest recording upload, in bytes (413 beyond). */
  recordingMaxBytes: number;
}
