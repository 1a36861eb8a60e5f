import { badRequest } from '@app/platform';
import type { GatewayRequest, GatewayResponse, NextFn } from './http.types';

/** No request of this API nests deeper than a few levels; deeper input only costs stack. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, computed without recursion (the input may be hostile). */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}

export function refuseDeepJson(req: GatewayRequest, _res: GatewayResponse, next: NextFn): void {
  if (req.body !== undefined && jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    next(badRequest(`The body nests deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  next();
}
