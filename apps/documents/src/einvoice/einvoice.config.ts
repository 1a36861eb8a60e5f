import type { EinvoicePlatform } from '../ubl/einvoice-submission';

/** E-invoice settings of the documents service, read once from the environment. */
export interface EinvoiceConfig {
  /**
   * EINVOICE_PLATFORM: the national platform invoices are submitted to. `none` (the default): no
   * submission, every invoice shows `not_submitted`. `fake`: the in-memory platform tests use.
   * A real ANAF adapter (network, OAuth credentials per tenant) is not part of this product yet.
   */
  platform: 'none' | 'fake';
  /** How often open submissions are advanced (ANAF limits calls per day: minutes in production). */
  pollMs: number;
}

export const EINVOICE_CONFIG = Symbol('EINVOICE_CONFIG');
/** The configured `EinvoicePlatform`, or null when none is. */
export const EINVOICE_PLATFORM = Symbol('EINVOICE_PLATFORM');
export type ConfiguredPlatform = EinvoicePlatform | null;

export function loadEinvoiceConfig(env: NodeJS.ProcessEnv = process.env): EinvoiceConfig {
  const platform = (env.EINVOICE_PLATFORM ?? 'none').trim().toLowerCase() || 'none';
  if (platform !== 'none' && platform !== 'fake')
    throw new Error(`EINVOICE_PLATFORM must be "none" or "fake", not "${platform}"`);
  const pollMs = Number(env.EINVOICE_POLL_MS);
  return { platform, pollMs: Number.isInteger(pollMs) && pollMs > 0 ? pollMs : 60_000 };
}
