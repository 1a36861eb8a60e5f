import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs `rabbitmqctl` (this machine's broker is local); returns its output or throws. */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await exec('rabbitmqctl', args, { timeout: 60_000 });
  return `${stdout}${stderr}`;
}

/**
 * Gives the bench (or the drills) a virtual host of its own, so its queues never meet those of a
 * stack someone else runs on the same broker. Returns false when rabbitmqctl is not available.
 */
export async function ensureVhost(vhost: string, user = 'guest'): Promise<boolean> {
  try {
    const list = await rabbitmqctl('list_vhosts', '--quiet');
    if (!list.split('\n').some((line) => line.trim() === vhost)) await rabbitmqctl('add_vhost', vhost);
    await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
    return true;
  } catch {
    return false;
  }
}

/** amqp URL `base` with its virtual host replaced by `vhost`. */
export function withVhost(base: string, vhost: string): string {
  const url = new URL(base);
  url.pathname = '/' + encodeURIComponent(vhost);
  return url.toString();
}

/** amqp URL `base` with its database replaced by `database`. */
export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = '/' + database;
  return url.toString();
}

/** The virtual host named in an amqp URL ("/" when none). */
export function vhostOf(amqpUrl: string): string {
  const path = decodeURIComponent(new URL(amqpUrl).pathname.replace(/^\//, ''));
  return path === '' ? '/' : path;
}
