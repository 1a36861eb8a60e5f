import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { renderPdf, setUpPdfmake } from './pdf-engine';
import { definitionFor, type RenderReply, type RenderRequest } from './render-job';

/**
 * A render thread: pdfmake lays out and compresses synchronously (10 ms to a few hundred for long
 * documents), so it runs here, never on the thread that consumes messages and answers RPC.
 */
const port = parentPort;
if (!port) throw new Error('render.worker must run in a worker thread');
setUpPdfmake();

// Rendering is background work: on Linux this lowers only this thread's priority (nice), so on a
// busy machine the request paths (issuing, answering RPC) get the CPU first and PDFs follow.
try {
  setPriority(Number(process.env.PDF_WORKER_NICE ?? 10));
} catch {
  // not permitted here: render at normal priority
}

port.on('message', (request: RenderRequest) => {
  void handle(request).then((reply) => {
    if (reply.ok) port.postMessage(reply, [reply.pdf.buffer as ArrayBuffer]);
    else port.postMessage(reply);
  });
});

async function handle({ id, job }: RenderRequest): Promise<RenderReply> {
  try {
    const buffer = await renderPdf(definitionFor(job));
    // A copy only when the bytes share a larger (pooled) ArrayBuffer: what is moved must be whole.
    const own =
      buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
        ? buffer
        : Buffer.from(buffer);
    return { id, ok: true, pdf: new Uint8Array(own.buffer, own.byteOffset, own.byteLength) };
  } catch (error) {
    return { id, ok: false, error: (error as Error).message };
  }
}
