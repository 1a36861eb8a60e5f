import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { Page } from '../common';
import type { DocumentView } from './billing-documents';

/** What billing knows about a crm contact: its documents. */

/** GET /contacts/{id}/documents: newest first, trashed drafts left out. */
export class ListContactDocumentsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ListContactDocumentsRequest extends ListContactDocumentsQuery {
  @IsUUID() contactId!: string;
}

export class ContactRef {
  @IsUUID() contactId!: string;
}

/**
 * How many documents of each state a contact has: crm asks before it deletes a contact (issued
 * documents keep it; so do drafts, which would lose their customer).
 */
export interface ContactDocumentCounts {
  /** Issued, paid, reversed, voided, accepted, rejected, expired: every document with a number. */
  issued: number;
  /** Drafts not in the trash. */
  drafts: number;
}

export const BILLING_CONTACTS_RPC = {
  documents: 'billing.contacts.documents',
  documentCounts: 'billing.contacts.document-counts',
} as const;

export interface BillingContactsRpcMap {
  /** Invoices, proformas and offers of the contact, every kind in one list. */
  'billing.contacts.documents': { request: ListContactDocumentsRequest; response: Page<DocumentView> };
  'billing.contacts.document-counts': { request: ContactRef; response: ContactDocumentCounts };
}
