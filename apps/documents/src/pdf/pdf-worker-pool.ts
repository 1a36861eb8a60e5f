import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderJob, RenderReply } from './render-job';

/** PDF_WORKERS, else one thread per core but one (left for the event loop), at least one. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.PDF_WORKERS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, availableParallelism() - 1);
}

const RENDER_TIMEOUT_MS = Number(process.env.PDF_RENDER_TIMEOUT_MS ?? 30_000);

interface Pending {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * A small pool of render threads. Each job goes to the thread with the fewest jobs in hand; a
 * thread that dies (or takes longer than PDF_RENDER_TIMEOUT_MS) fails its jobs and is replaced.
 */
export class PdfWorkerPool {
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number = workerCount()) {
    this.slots = Array.from({ length: size }, () => undefined);
  }

  /** Starts the threads now rather than on the first render (fonts load while nothing waits). */
  start(): void {
    for (let index = 0; index < this.size; index++) this.slot(index);
  }

  render(job: RenderJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('PDF renderer is closed'));
    let chosen = 0;
    for (let index = 1; index < this.size; index++)
      if ((this.slots[index]?.pending.size ?? 0) < (this.slots[chosen]?.pending.size ?? 0)) chosen = index;
    const slot = this.slot(chosen);
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.retire(chosen, slot, new Error(`PDF rendering took longer than ${RENDER_TIMEOUT_MS} ms`));
      }, RENDER_TIMEOUT_MS);
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping: Promise<number>[] = [];
    this.slots.forEach((slot, index) => {
      if (!slot) return;
      this.slots[index] = undefined;
      this.fail(slot, new Error('PDF renderer is closing'));
      stopping.push(slot.worker.terminate());
    });
    await Promise.all(stopping);
  }

  private slot(index: number): Slot {
    const existing = this.slots[index];
    if (existing) return existing;
    const worker = spawnRenderWorker();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (reply: RenderReply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok)
        pending.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else pending.reject(new Error(`PDF rendering failed: ${reply.error}`));
    });
    worker.on('error', (error) => this.retire(index, slot, error));
    worker.on('exit', (code) => this.retire(index, slot, new Error(`PDF render thread exited (${code})`)));
    this.slots[index] = slot;
    return slot;
  }

  /** Fails the slot's jobs and forgets it; the next job starts a fresh thread. */
  private retire(index: number, slot: Slot, error: Error): void {
    if (this.slots[index] === slot) this.slots[index] = undefined;
    this.fail(slot, error);
    void slot.worker.terminate().catch(() => undefined);
  }

  private fail(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    slot.pending.clear();
  }
}

/**
 * The built service runs the compiled render.worker.js. Under Jest the sources are TypeScript, so
 * the thread compiles them on the fly with SWC and the build's own configuration.
 */
function spawnRenderWorker(): Worker {
  const compiled = path.join(__dirname, 'render.worker.js');
  if (__filename.endsWith('.js')) return new Worker(compiled);
  const source = path.join(__dirname, 'render.worker.ts');
  const swcConfig = path.resolve(__dirname, '../../../../scripts/swc-config.cjs');
  const loader = `
    const { readFileSync } = require('node:fs');
    const { transformSync } = require('@swc/core');
    const config = require(${JSON.stringify(swcConfig)})();
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(readFileSync(filename, 'utf8'), { ...config, filename, sourceMaps: false });
      module._compile(code, filename);
    };
    require(${JSON.stringify(source)});
  `;
  return new Worker(loader, { eval: true });
}
