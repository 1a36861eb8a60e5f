import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DocumentView, FieldProblem } from '@app/contracts';
import { Clock, DomainError, RpcClient } from '@app/platform';
import { isIssued, sha256, type StoreOptions } from '../rendering/document-pdf.service';
import { type RenderedFile, RenderedFilesRepository } from '../rendering/rendered-files.repository';
import { FileStorage } from '../storage/file-storage';
import { newSubmission } from '../ubl/einvoice-submission';
import { buildUblInvoice, type ReversedInvoiceRef } from '../ubl/ubl-invoice.builder';
import { type ConfiguredPlatform, EINVOICE_PLATFORM } from './einvoice.config';
import { EinvoiceSubmissionsRepository } from './einvoice-submissions.repository';
import { TenantOptionsRepository } from './tenant-options.repository';
import { UblInvoicesRepository } from './ubl-invoices.repository';

export type UblOutcome =
  | { file: RenderedFile; xml: string | null; problems?: undefined }
  | { problems: FieldProblem[]; file?: undefined };

/** An email attachment beside the PDF. */
export interface ExtraAttachment {
  fileName: string;
  storageKey: string;
  contentType: string;
}

/** Only issued invoices and stornos are e-invoices; proformas and offers never are. */
export function isUblDocument(document: DocumentView): boolean {
  return document.kind === 'invoice' && isIssued(document);
}

/** `INV-0042.xml`; only safe characters reach a file name or a Content-Disposition header. */
export function ublFileName(document: Pick<DocumentView, 'fullNumber'>): string {
  return `${(document.fullNumber ?? 'invoice').replace(/[^A-Za-z0-9._-]/g, '_')}.xml`;
}

/** ANAF wants the seller's CIF without the "RO" of a VAT number. */
export function sellerTaxIdOf(document: DocumentView): string | null {
  const id = (document.seller?.vatId ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  return id ? id.replace(/^RO/, '') : null;
}

const isRomanianSeller = (document: DocumentView) =>
  document.seller?.address.country?.trim().toUpperCase() === 'RO';

/**
 * The e-invoice XML of issued invoices and stornos: built once from the document as issued (the
 * issue event's snapshot, or billing's stored document), stored beside the PDF (format `ubl`) and
 * served as stored, so the XML has the same numbers as the API and the PDF. What the builder
 * refuses is recorded with the invoice and never fails the PDF or the email; a later request
 * tries again (after the user fixed nothing, it answers the same problems).
 */
@Injectable()
export class UblDocumentService {
  private readonly logger = new Logger('Ubl');

  constructor(
    private readonly files: RenderedFilesRepository,
    private readonly invoices: UblInvoicesRepository,
    private readonly submissions: EinvoiceSubmissionsRepository,
    private readonly options: TenantOptionsRepository,
    private readonly storage: FileStorage,
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
    @Inject(EINVOICE_PLATFORM) private readonly platform: ConfiguredPlatform,
  ) {}

  find(manager: EntityManager, tenantId: string, documentId: string): Promise<RenderedFile | null> {
    return this.files.find(manager, tenantId, documentId, 'ubl');
  }

  async read(file: RenderedFile): Promise<string> {
    const bytes = await this.storage.get(file.storageKey);
    if (!bytes) throw new Error(`Stored file ${file.storageKey} is missing`);
    return bytes.toString('utf8');
  }

  /**
   * The stored XML of an issued invoice or storno, built and recorded now if it is not yet, in the
   * caller's transaction; or the builder's problems (recorded too). As for the PDF, the file is
   * written before the commit under a key with its hash: a lost race leaves an unreferenced file.
   * A Romanian seller's invoice gets its submission to the configured platform here.
   */
  async ensureStored(
    manager: EntityManager,
    tenantId: string,
    document: DocumentView,
    { lookFirst = true }: StoreOptions = {},
  ): Promise<UblOutcome> {
    if (lookFirst) {
      const existing = await this.find(manager, tenantId, document.id);
      if (existing) return { file: existing, xml: null };
    }
    const record = {
      tenantId,
      documentId: document.id,
      fullNumber: document.fullNumber ?? '',
      issueDate: document.issueDate,
    };
    let xml: string;
    try {
      const reverses = document.reversalOf
        ? await this.reversedInvoice(manager, tenantId, document.reversalOf)
        : null;
      xml = buildUblInvoice(document, { reverses });
    } catch (error) {
      const problems = problemsOf(error);
      await this.invoices.record(manager, { ...record, problems }, this.clock.now());
      this.logger.warn(
        `UBL of ${document.fullNumber} (${document.id}) refused: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      );
      return { problems };
    }
    const bytes = Buffer.from(xml, 'utf8');
    const hash = sha256(bytes);
    const file: RenderedFile = {
      tenantId,
      documentId: document.id,
      kind: 'invoice',
      format: 'ubl',
      fileName: ublFileName(document),
      sha256: hash,
      bytes: bytes.length,
      storageKey: `${tenantId}/ubl/${document.id}-${hash.slice(0, 16)}.xml`,
    };
    await this.storage.put(file.storageKey, bytes);
    const now = this.clock.now();
    if (!(await this.files.insert(manager, file, now))) {
      const winner = await this.find(manager, tenantId, document.id);
      if (!winner) throw new Error(`UBL of ${document.id} neither inserted nor found`);
      return { file: winner, xml: winner.sha256 === hash ? xml : null };
    }
    await this.invoices.record(manager, { ...record, problems: null }, now);
    const sellerTaxId = sellerTaxIdOf(document);
    if (this.platform && isRomanianSeller(document) && sellerTaxId)
      await this.submissions.create(
        manager,
        {
          ...newSubmission(record, this.platform.name),
          sellerTaxId,
          xmlKey: file.storageKey,
        },
        now,
      );
    this.logger.log(
      `UBL of ${document.fullNumber} stored (${file.bytes} bytes, sha256 ${hash.slice(0, 12)})`,
    );
    return { file, xml };
  }

  /** The stored XML to attach to this invoice's email, when the tenant asked for it. */
  async attachmentsFor(
    manager: EntityManager,
    tenantId: string,
    document: DocumentView,
  ): Promise<ExtraAttachment[]> {
    if (!isUblDocument(document) || !(await this.options.get(manager, tenantId)).attachUbl) return [];
    const file = await this.find(manager, tenantId, document.id);
    return file
      ? [{ fileName: file.fileName, storageKey: file.storageKey, contentType: 'application/xml' }]
      : [];
  }

  /**
   * The invoice a storno reverses (its number and date, BT-25/26): from this service's own record
   * of the invoices it saw issued, else from billing.
   */
  private async reversedInvoice(
    manager: EntityManager,
    tenantId: string,
    originalId: string,
  ): Promise<ReversedInvoiceRef> {
    const own = await this.invoices.reference(manager, tenantId, originalId);
    if (own) return own;
    const original = await this.rpc.send(
      'billing.documents.get',
      { kind: 'invoice', id: originalId },
      { tenantId },
    );
    if (!original.fullNumber) throw new Error(`The reversed invoice ${originalId} has no number`);
    return { fullNumber: original.fullNumber, issueDate: original.issueDate };
  }
}

/** The builder's refusals as they are; any other failure (billing unreachable, ...) as one problem. */
function problemsOf(error: unknown): FieldProblem[] {
  if (error instanceof DomainError && error.code === 'UNPROCESSABLE' && error.errors?.length)
    return error.errors;
  if (error instanceof DomainError && error.code === 'NOT_FOUND')
    return [{ path: 'reversalOf', message: 'the reversed invoice was not found' }];
  return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
}
