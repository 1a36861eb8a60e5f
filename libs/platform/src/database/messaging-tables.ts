/**
 * SQL for the outbox and inbox tables every service keeps in its own schema. A service's first
 * migration calls these, so the tables are the same everywhere.
 */
export function messagingTablesSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
       seq bigserial PRIMARY KEY,
       id uuid NOT NULL UNIQUE,
       type text NOT NULL,
       tenant_id uuid NOT NULL,
       envelope jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       published_at timestamptz,
       attempts int NOT NULL DEFAULT 0
     )`,
    `CREATE INDEX outbox_unpublished ON "${schema}".outbox (seq) WHERE published_at IS NULL`,
    `CREATE TABLE "${schema}".inbox (
       event_id uuid NOT NULL,
       consumer text NOT NULL,
       type text NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (event_id, consumer)
     )`,
  ];
}
