import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { badRequest, DomainError } from '@app/platform';

export interface UploadLimits {
  /** The multipart field that carries the file. */
  field: string;
  maxBytes: number;
  /** The file is handed on in pieces of exactly this size (the last one smaller). */
  chunkBytes: number;
}

export interface UploadSink {
  /** Called once, when the file part starts. */
  open(info: { filename: string; mimeType: string }): Promise<void>;
  /** Called for each piece, in order; the next waits for it (backpressure up to the client). */
  write(piece: Buffer): Promise<void>;
}

export const tooLarge = (maxBytes: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${maxBytes / (1024 * 1024)} MB`);

/**
 * Streams one file out of a multipart/form-data request into `sink`, never holding more than
 * one piece in memory (no multer memory storage). Fails with 413 as soon as the file passes
 * `maxBytes`, 400 when the form is malformed or has no file in `field`.
 */
export function receiveFile(
  req: IncomingMessage,
  limits: UploadLimits,
  sink: UploadSink,
): Promise<{ bytes: number }> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({
        headers: req.headers,
        limits: { fileSize: limits.maxBytes, files: 1, fields: 20, fieldSize: 4096, parts: 40 },
      });
    } catch {
      reject(
        badRequest('Send the file as multipart/form-data', [
          { path: limits.field, message: `send the file in the multipart/form-data field "${limits.field}"` },
        ]),
      );
      return;
    }
    let settled = false;
    let receiving: Promise<number> | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      // Stop parsing; what the client still sends is read and dropped so it gets our answer.
      req.unpipe(form);
      req.resume();
      reject(error);
    };
    form.on('file', (name, stream, info) => {
      if (name !== limits.field || receiving) {
        stream.resume();
        return;
      }
      receiving = pump(stream, info, limits, sink);
      receiving.catch(fail);
    });
    form.on('error', (error: Error) =>
      fail(
        badRequest(`The upload is not valid multipart/form-data (${error.message})`, [
          { path: limits.field, message: 'the multipart body could not be read' },
        ]),
      ),
    );
    form.on('close', () => {
      if (!receiving)
        return fail(
          badRequest(`No file: send it in the multipart/form-data field "${limits.field}"`, [
            { path: limits.field, message: 'is required' },
          ]),
        );
      void receiving.then((bytes) => {
        if (settled) return;
        settled = true;
        resolve({ bytes });
      }, fail);
    });
    req.once('aborted', () => fail(badRequest('The upload was interrupted')));
    req.once('error', () => fail(badRequest('The upload was interrupted')));
    req.pipe(form);
  });
}

async function pump(
  stream: Readable & { truncated?: boolean },
  info: busboy.FileInfo,
  limits: UploadLimits,
  sink: UploadSink,
): Promise<number> {
  let overLimit = false;
  stream.once('limit', () => (overLimit = true));
  await sink.open({ filename: info.filename || 'upload', mimeType: info.mimeType });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  for await (const data of stream as AsyncIterable<Buffer>) {
    if (overLimit) break;
    total += data.length;
    pending.push(data);
    pendingBytes += data.length;
    while (pendingBytes >= limits.chunkBytes) {
      const joined = Buffer.concat(pending);
      await sink.write(joined.subarray(0, limits.chunkBytes));
      pending = [joined.subarray(limits.chunkBytes)];
      pendingBytes -= limits.chunkBytes;
    }
  }
  if (overLimit || stream.truncated) {
    stream.resume();
    throw tooLarge(limits.maxBytes);
  }
  if (pendingBytes > 0) await sink.write(Buffer.concat(pending));
  return total;
}

/**
 * For an upload answered before its body was read (413): the rest of the body is read and
 * dropped, so the client, still sending, gets our answer instead of a reset connection
 * (closing at once races the client's writes into EPIPE). The patience is bounded: past
 * `maxBytes` more or `maxMs`, the connection is cut.
 */
export function drainAfterAnswer(
  req: IncomingMessage,
  { maxBytes = 64 * 1024 * 1024, maxMs = 10_000 }: { maxBytes?: number; maxMs?: number } = {},
): void {
  if (req.complete) return;
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, maxMs);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.on('data', (piece: Buffer) => {
    drained += piece.length;
    if (drained > maxBytes) {
      done();
      cut();
    }
  });
  req.once('end', done);
  req.once('close', done);
  req.resume();
}
