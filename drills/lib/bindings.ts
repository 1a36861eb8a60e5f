import { rabbitmqctl, vhostOf } from '../../bench/lib/broker';

export interface Binding {
  source: string;
  destination: string;
  routingKey: string;
}

/** The bindings of the stack's virtual host (via rabbitmqctl; this machine's broker is local). */
export async function listBindings(amqpUrl: string): Promise<Binding[]> {
  const out = await rabbitmqctl(
    'list_bindings',
    '-p',
    vhostOf(amqpUrl),
    '--quiet',
    '--no-table-headers',
    'source_name',
    'destination_name',
    'routing_key',
  );
  return out
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cells) => cells.length >= 3)
    .map(([source, destination, routingKey]) => ({ source, destination, routingKey }));
}

/** Services' event queues bound to the events exchange with a key that can match `prefix`. */
export function serviceConsumers(bindings: Binding[], prefix: string): Binding[] {
  return bindings.filter(
    (b) =>
      b.source === 'invoicing.events' &&
      /^[a-z]+\.events$/.test(b.destination) &&
      (b.routingKey.startsWith(prefix) || b.routingKey === '#'),
  );
}
