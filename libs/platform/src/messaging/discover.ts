import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** Finds every provider method carrying metadata `key`, bound to its instance. */
export function discoverHandlers<TMeta>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  key: symbol,
): Array<{ meta: TMeta; handler: (...args: unknown[]) => unknown; name: string }> {
  const found: Array<{ meta: TMeta; handler: (...args: unknown[]) => unknown; name: string }> = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const fn = instance[method];
      if (typeof fn !== 'function') continue;
      const meta = Reflect.getMetadata(key, fn) as TMeta | undefined;
      if (meta)
        found.push({
          meta,
          handler: (fn as (...args: unknown[]) => unknown).bind(instance),
          name: `${prototype.constructor.name}.${method}`,
        });
    }
  }
  return found;
}
