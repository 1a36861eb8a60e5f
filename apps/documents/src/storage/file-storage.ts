/**
 * Where rendered files live, by key (`<tenantId>/invoice/<documentId>.pdf`). Local disk today; an
 * object store can replace it behind this interface.
 */
export abstract class FileStorage {
  /** Stores the bytes under the key, replacing what was there, all at once (never half a file). */
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when there is no such file. */
  abstract get(key: string): Promise<Buffer | null>;
  abstract exists(key: string): Promise<boolean>;
}

/** Keys are built by us from ids and kinds; anything else (`..`, absolute paths) is refused. */
export const STORAGE_KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*(\.[a-z0-9]+)?$/;

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY_PATTERN.test(key)) throw new Error(`Invalid storage key "${key}"`);
}
