import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

export interface AcceptedEmail {
  /** performance.now() when the message was fully received and accepted. */
  at: number;
  to: string[];
  subject: string;
  messageId: string;
  /** File names of the attachments. */
  attachments: string[];
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) back to text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_whole, _charset: string, encoding: string, text: string) => {
        if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
        const escaped = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => `%${hex}`);
        try {
          return decodeURIComponent(escaped);
        } catch {
          return escaped;
        }
      },
    );
}

function header(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeWords(line.slice(name.length + 1).trim()) : '';
}

/**
 * An in-process SMTP server that accepts everything and records when each message arrived, for
 * the `send` bench and the duplicate-delivery drill. Bodies are not kept (only headers and
 * attachment names), so thousands of PDFs cost no memory.
 */
export class SmtpSink {
  readonly received: AcceptedEmail[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 50 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const at = performance.now();
          const raw = Buffer.concat(chunks).toString('latin1');
          const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
          const attachments = [...raw.matchAll(/filename\*?=(?:"([^"\r\n]+)"|([^;\s]+))/g)].map((m) =>
            decodeWords(m[1] ?? m[2] ?? ''),
          );
          this.received.push({
            at,
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: header(Buffer.from(head, 'latin1').toString('utf8'), 'Subject'),
            messageId: header(head, 'Message-ID'),
            attachments,
          });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): AcceptedEmail[] {
    const wanted = address.toLowerCase();
    return this.received.filter((email) => email.to.includes(wanted));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
