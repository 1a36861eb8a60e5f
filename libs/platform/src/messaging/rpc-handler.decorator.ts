import { SetMetadata } from '@nestjs/common';
import type { RpcPattern } from '@app/contracts';

export const RPC_HANDLER = Symbol('RPC_HANDLER');

export interface RpcHandlerMeta {
  pattern: string;
  /** The contract class the payload is validated against at this end too. */
  payload?: new () => object;
}

/** Marks a provider method as the handler of one command or query. */
export const RpcHandler = (pattern: RpcPattern, payload?: new () => object) =>
  SetMetadata<symbol, RpcHandlerMeta>(RPC_HANDLER, { pattern, payload });
