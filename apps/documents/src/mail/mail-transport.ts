import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  /** Stable per delivery (`<deliveryId@domain>`), so a retried send is recognisable as the same. */
  messageId: string;
  from: string | { name: string; address: string };
  replyTo?: string;
  to: string[];
  subject: string;
  text: string;
  attachment: { fileName: string; content: Buffer };
  /** Files beside the PDF (the UBL XML of an invoice). */
  extraAttachments?: Array<{ fileName: string; content: Buffer; contentType: string }>;
}

/** SMTP in production; .eml files when no SMTP server is configured. */
export abstract class MailTransport {
  /** Resolves when the message is accepted (by the SMTP server, or written to disk). */
  abstract send(email: OutgoingEmail): Promise<void>;
  abstract close(): void;
}

function message(email: OutgoingEmail) {
  return {
    messageId: email.messageId,
    from: email.from,
    replyTo: email.replyTo,
    to: email.to,
    subject: email.subject,
    text: email.text,
    attachments: [
      {
        filename: email.attachment.fileName,
        content: email.attachment.content,
        contentType: 'application/pdf',
      },
      ...(email.extraAttachments ?? []).map((extra) => ({
        filename: extra.fileName,
        content: extra.content,
        contentType: extra.contentType,
      })),
    ],
  };
}

/**
 * Over SMTP_URL. Timeouts are bounded: a send holds a claimed delivery row, so a silent server
 * must fail the attempt (and leave it to a retry) rather than hold it for minutes. Connections are
 * pooled (nodemailer's pool: a few, each reused for up to 100 messages, closed when idle), so a
 * burst of emails does not pay the connection, TLS and login once per message.
 */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter;

  constructor(url: string) {
    super();
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: 3,
      maxMessages: 100,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transporter.sendMail(message(email));
  }

  close(): void {
    this.transporter.close();
  }
}

/** Writes each message as `<deliveryId>.eml` under `$DATA_DIR/mail` (temp file + rename). */
export class EmlFileTransport extends MailTransport {
  private readonly transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(private readonly directory: string) {
    super();
  }

  async send(email: OutgoingEmail): Promise<void> {
    const info = await this.transporter.sendMail(message(email));
    const raw = (info as { message: Buffer }).message;
    await mkdir(this.directory, { recursive: true });
    const name = email.messageId.replace(/^<|@.*$/g, '').replace(/[^A-Za-z0-9-]/g, '_');
    const target = path.join(this.directory, `${name}.eml`);
    await writeFile(`${target}.tmp`, raw);
    await rename(`${target}.tmp`, target);
  }

  close(): void {
    this.transporter.close();
  }
}
