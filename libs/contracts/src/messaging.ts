/** The services of the system; each owns one PostgreSQL schema and one RPC queue. */
export const SERVICES = ['gateway', 'crm', 'billing', 'documents', 'scheduler'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Topic exchange every event is published on; routing key = event type. */
export const EVENTS_EXCHANGE = 'invoicing.events';

/** The queue a service consumes its commands and queries from. */
export const rpcQueue = (service: ServiceName): string => `rpc.${service}`;

/** Durable queue holding one service's events, and its retry and dead-letter queues. */
export const eventQueue = (consumer: string): string => `${consumer}.events`;
export const deadLetterQueue = (consumer: string): string => `${consumer}.events.dlq`;

/** Envelope of every event on `invoicing.events` (API.md, "Events"). */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  id: string;
  type: TType;
  version: number;
  occurredAt: string;
  tenantId: string;
  correlationId: string;
  data: TData;
}

/** Who is asking: carried by every command and query from the gateway to a service. */
export interface RpcCaller {
  tenantId: string;
  userId?: string;
  role?: 'admin' | 'member';
}

/** Headers of an RPC request message (AMQP headers). */
export const RPC_HEADERS = {
  pattern: 'x-pattern',
  deadline: 'x-deadline',
  tenantId: 'x-tenant-id',
  userId: 'x-user-id',
  role: 'x-role',
} as const;
