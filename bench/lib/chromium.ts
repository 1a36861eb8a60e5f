import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The flags every Chromium of the bench runs with (QUALITY.md: a fresh profile, nothing else running). */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--allow-file-access-from-files',
];

/** Debian's `chromium` (or CHROMIUM_PATH); null when not installed. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((file): file is string => !!file && existsSync(file)) ?? null;
}

export async function chromiumVersion(binary: string): Promise<string> {
  const { stdout } = await exec(binary, ['--version'], { timeout: 30_000 });
  return stdout.trim();
}

function freshProfile(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
}

/**
 * One Chromium launched for one document: `--print-to-pdf`, as products that start a browser per
 * invoice do. Resolves when the process has exited and the file is written.
 */
export async function printOnce(binary: string, htmlFile: string, pdfFile: string): Promise<void> {
  const profile = freshProfile();
  try {
    await exec(
      binary,
      [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdfFile}`,
        `file://${htmlFile}`,
      ],
      { timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  if (!existsSync(pdfFile)) throw new Error('chromium wrote no PDF');
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * A Chromium kept open, driven over the DevTools protocol on `--remote-debugging-pipe` (fd 3 in,
 * fd 4 out, NUL-separated JSON: no WebSocket client needed), with one page reused for every
 * document: navigate to the invoice's HTML, wait for `load` (fonts included), `Page.printToPDF`.
 */
export class WarmChromium {
  private child?: ChildProcess;
  private profile?: string;
  private input?: Writable;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: CdpMessage) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Set<(message: CdpMessage) => void>();
  private sessionId = '';
  private exited?: string;

  constructor(private readonly binary: string) {}

  async start(): Promise<void> {
    this.profile = freshProfile();
    const child = spawn(
      this.binary,
      [...CHROMIUM_FLAGS, `--user-data-dir=${this.profile}`, '--remote-debugging-pipe', 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    let buffered = Buffer.alloc(0);
    output.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let end = buffered.indexOf(0); end >= 0; end = buffered.indexOf(0)) {
        const message = JSON.parse(buffered.subarray(0, end).toString('utf8')) as CdpMessage;
        buffered = buffered.subarray(end + 1);
        this.dispatch(message);
      }
    });
    child.once('exit', (code, signal) => {
      this.exited = `chromium exited (${signal ?? code})`;
      for (const p of this.pending.values()) p.reject(new Error(this.exited));
      this.pending.clear();
    });
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as {
      targetId: string;
    };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    this.sessionId = sessionId;
    await this.send('Page.enable', {}, sessionId);
  }

  /** Prints one HTML file (a file:// URL) to PDF on the reused page; returns the PDF. */
  async print(url: string): Promise<Buffer> {
    const loaded = this.waitFor('Page.loadEventFired');
    await this.send('Page.navigate', { url }, this.sessionId);
    await loaded;
    const result = (await this.send(
      'Page.printToPDF',
      {
        printBackground: true,
        preferCSSPageSize: true,
        // "Pagina x din y" as the product prints it.
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#666">Pagina <span class="pageNumber"></span> din <span class="totalPages"></span></div>',
      },
      this.sessionId,
    )) as { data: string };
    return Buffer.from(result.data, 'base64');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await Promise.race([this.send('Browser.close', {}), new Promise((r) => setTimeout(r, 3000))]);
      } catch {
        // closing anyway
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }

  private dispatch(message: CdpMessage): void {
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`CDP: ${message.error.message}`));
      else pending.resolve(message);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  private waitFor(method: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message: CdpMessage) => {
        if (message.method !== method || message.sessionId !== this.sessionId) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      this.listeners.add(listener);
    });
  }

  private send(method: string, params: Record<string, unknown>, sessionId?: string): Promise<unknown> {
    if (this.exited || !this.input) return Promise.reject(new Error(this.exited ?? 'chromium not started'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve(m.result), reject });
      this.input!.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }
}
