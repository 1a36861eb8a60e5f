import { fork, type ChildProcess } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  /** The message the child sent when it was ready. */
  ready: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * Forks a compiled script and waits for it to `process.send({ ready: true, ... })`. Used for the
 * ceilings, which run in processes of their own like the services they are compared with.
 */
export async function forkReady(
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Child> {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (message: Record<string, unknown>) => {
      clearTimeout(timer);
      if (message.ready) resolve(message);
      else reject(new Error(`${script}: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready`));
    });
  });
  return {
    process: child,
    ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
