import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one request or message through a service: its correlation id and tenant. */
export interface RequestContext {
  correlationId: string;
  tenantId?: string;
  userId?: string;
  /** Epoch ms after which the caller no longer waits for the answer (RPC requests only). */
  deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
  /** Milliseconds until the caller gives up, or Infinity outside an RPC request. */
  timeLeft(): number {
    const deadline = storage.getStore()?.deadline;
    return deadline ? deadline - Date.now() : Infinity;
  },
};
