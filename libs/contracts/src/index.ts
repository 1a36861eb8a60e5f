import type { BillingEventMap } from './events/billing';
import type { CrmEventMap } from './events/crm';
import type { DocumentsEventMap } from './events/documents';
import type { GatewayEventMap } from './events/gateway';
import type { RecurrenceEventMap, SchedulerRpcMap } from './events/recurrence';
import type { BillingRpcMap } from './rpc/billing';
import type { CrmRpcMap } from './rpc/crm';
import type { DocumentsRpcMap } from './rpc/documents';
import type { HealthRpcMap } from './rpc/health';

export * from './common';
export * from './errors';
export * from './messaging';
export * from './events/billing';
export * from './events/crm';
export * from './events/documents';
export * from './events/gateway';
export * from './events/recurrence';
export * from './rpc/billing';
export * from './rpc/billing-contacts';
export * from './rpc/billing-delivery';
export * from './rpc/billing-documents';
export * from './rpc/billing-import';
export * from './rpc/billing-invoices';
export * from './rpc/billing-links';
export * from './rpc/billing-offers';
export * from './rpc/billing-products';
export * from './rpc/billing-proformas';
export * from './rpc/billing-receipts';
export * from './rpc/billing-recurrence';
export * from './rpc/billing-settings';
export * from './rpc/billing-totals';
export * from './rpc/crm';
export * from './rpc/documents';
export * from './rpc/health';

/** Every command and query in the system: pattern → request and response types. */
export type RpcMap = CrmRpcMap & BillingRpcMap & HealthRpcMap & DocumentsRpcMap & SchedulerRpcMap;
export type RpcPattern = keyof RpcMap;
export type RpcRequest<P extends RpcPattern> = RpcMap[P]['request'];
export type RpcResponse<P extends RpcPattern> = RpcMap[P]['response'];

/** Every event in the system: type → version and payload. */
export type EventMap = GatewayEventMap &
  CrmEventMap &
  BillingEventMap &
  DocumentsEventMap &
  RecurrenceEventMap;
export type EventType = keyof EventMap;
export type EventData<T extends EventType> = EventMap[T]['data'];
