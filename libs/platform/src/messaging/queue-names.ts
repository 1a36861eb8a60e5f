import { deadLetterQueue, eventQueue, rpcQueue, type ServiceName } from '@app/contracts';

/**
 * Every queue name this process declares or sends requests to, with an optional prefix
 * (AMQP_QUEUE_PREFIX, empty by default): integration tests, or a second stack, share one broker
 * with a running stack without taking its messages. Exchange and routing keys are not prefixed.
 */
export function queuePrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env.AMQP_QUEUE_PREFIX ?? '';
}

export const rpcQueueName = (service: ServiceName): string => queuePrefix() + rpcQueue(service);
export const eventQueueName = (consumer: string): string => queuePrefix() + eventQueue(consumer);
export const deadLetterQueueName = (consumer: string): string => queuePrefix() + deadLetterQueue(consumer);
export const retryQueueName = (consumer: string, delayMs: number): string =>
  `${eventQueueName(consumer)}.retry.${delayMs}ms`;
