/** Email settings of the documents service, read once from the environment. */
export interface MailConfig {
  /** Envelope sender address; the display name is the seller's. Replies go to the seller's email. */
  fromAddress: string;
  /** Waits between attempts after an SMTP error; after the last, the delivery is `failed`. */
  retryDelaysMs: number[];
  /** How often queued deliveries are looked for when no new one nudged the worker. */
  pollMs: number;
  /** Deliveries sent at once by one instance (each holds its row lock and a DB connection). */
  concurrency: number;
}

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');

function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    fromAddress: env.MAIL_FROM || 'invoices@localhost',
    retryDelaysMs: (env.SMTP_RETRY_DELAYS_MS ?? '2000,10000,60000')
      .split(',')
      .map((delay) => Number(delay.trim()))
      .filter((delay) => Number.isInteger(delay) && delay > 0),
    pollMs: positive(env.DELIVERY_POLL_MS, 1000),
    concurrency: positive(env.DELIVERY_CONCURRENCY, 4),
  };
}
