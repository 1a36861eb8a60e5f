import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
} from 'class-validator';

/** Events the documents service publishes on `invoicing.events` (routing key = type). */
export const DOCUMENTS_EVENTS = {
  pdfRendered: 'documents.pdf.rendered',
  emailSent: 'documents.email.sent',
  emailFailed: 'documents.email.failed',
} as const;

/** Kinds of document the documents service renders (a storno is an `invoice`). */
export const RENDERED_KINDS = ['invoice', 'proforma', 'offer', 'receipt'] as const;
export type RenderedKind = (typeof RENDERED_KINDS)[number];

/**
 * `documents.pdf.rendered`, version 1: the PDF of an issued document was rendered and stored.
 * Published once per document (it is rendered once; later requests serve the stored file).
 */
export class PdfRenderedV1 {
  @IsUUID() documentId!: string;
  @IsIn(RENDERED_KINDS) kind!: RenderedKind;
  /** Hex SHA-256 of the stored file: the same document always gives the same file. */
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsInt() @Min(1) bytes!: number;
}

/**
 * `documents.email.sent`, version 1: the SMTP server accepted the email with the document's PDF.
 * Published once per send request (an "issue and send", or a later "send").
 */
export class EmailSentV1 {
  @IsUUID() documentId!: string;
  @IsArray() @ArrayNotEmpty() @IsString({ each: true }) to!: string[];
  /**
   * The send request this answers (added later, optional: absent from older publishers): the id of
   * the `billing.*.issued` event for "issue and send", the `requestId` of
   * `billing.document.send-requested` for "send again". Lets a subscriber tell an earlier attempt's
   * answer from the latest one's.
   */
  @IsOptional() @IsUUID() requestId?: string;
}

/**
 * `documents.email.failed`, version 1: the email could not be sent after the retries (or at once
 * when no retry can help: no recipient, address refused). `reason` is for people to read.
 */
export class EmailFailedV1 {
  @IsUUID() documentId!: string;
  @IsArray() @IsString({ each: true }) to!: string[];
  @IsString() reason!: string;
  /** The send request this answers; see EmailSentV1. */
  @IsOptional() @IsUUID() requestId?: string;
}

export interface DocumentsEventMap {
  'documents.pdf.rendered': { version: 1; data: PdfRenderedV1 };
  'documents.email.sent': { version: 1; data: EmailSentV1 };
  'documents.email.failed': { version: 1; data: EmailFailedV1 };
}

/** The payload class of every documents event and version, for subscribers that validate. */
export const DOCUMENTS_EVENT_PAYLOADS = {
  'documents.pdf.rendered': { 1: PdfRenderedV1 },
  'documents.email.sent': { 1: EmailSentV1 },
  'documents.email.failed': { 1: EmailFailedV1 },
} as const satisfies {
  [T in keyof DocumentsEventMap]: Record<DocumentsEventMap[T]['version'], new () => object>;
};
