import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type DocumentsOptionsView,
  type EinvoiceStatusView,
  GetEinvoiceStatusRequest,
  GetUblRequest,
  type RpcCaller,
  type UblFileView,
  UpdateDocumentsOptionsRequest,
} from '@app/contracts';
import { Clock, conflict, forbidden, RpcClient, RpcHandler, unprocessable } from '@app/platform';
import { sha256 } from '../rendering/document-pdf.service';
import { isOverdue } from '../ubl/einvoice-submission';
import { EinvoiceSubmissionsRepository } from './einvoice-submissions.repository';
import { TenantOptionsRepository } from './tenant-options.repository';
import { UblInvoicesRepository } from './ubl-invoices.repository';
import { isUblDocument, UblDocumentService } from './ubl-document.service';

/** RPC entry points of e-invoices: the XML, the submission status, the tenant's options. */
@Injectable()
export class EinvoiceHandler {
  constructor(
    private readonly ubl: UblDocumentService,
    private readonly invoices: UblInvoicesRepository,
    private readonly submissions: EinvoiceSubmissionsRepository,
    private readonly options: TenantOptionsRepository,
    private readonly rpc: RpcClient,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The stored XML; an issued invoice not rendered yet (its event not consumed yet) is built from
   * billing's document now, stored and served, as the PDF is. Billing answers another tenant's id
   * with NOT_FOUND.
   */
  @RpcHandler('documents.ubl.get', GetUblRequest)
  async get(request: GetUblRequest, caller: RpcCaller): Promise<UblFileView> {
    const kind = request.kind ?? 'invoice';
    if (kind === 'invoice') {
      const stored = await this.ubl.find(this.dataSource.manager, caller.tenantId, request.id);
      if (stored) return view(stored.fileName, await this.ubl.read(stored));
    }
    const document = await this.rpc.send('billing.documents.get', { kind, id: request.id }, caller);
    if (!isUblDocument(document)) throw conflict('UBL exists only for issued invoices and stornos');
    const outcome = await this.dataSource.transaction((manager) =>
      this.ubl.ensureStored(manager, caller.tenantId, document),
    );
    if (outcome.problems)
      throw unprocessable(
        `${document.fullNumber} cannot be written as a valid e-invoice; fix these and ask again`,
        outcome.problems,
      );
    return view(outcome.file.fileName, outcome.xml ?? (await this.ubl.read(outcome.file)));
  }

  /** Where the invoice's submission to the national platform stands (`not_submitted` if none). */
  @RpcHandler('documents.einvoice.status', GetEinvoiceStatusRequest)
  async status(request: GetEinvoiceStatusRequest, caller: RpcCaller): Promise<EinvoiceStatusView> {
    const manager = this.dataSource.manager;
    const submission = await this.submissions.find(manager, caller.tenantId, request.id);
    if (submission)
      return {
        documentId: submission.documentId,
        status: submission.status,
        platform: submission.platform,
        uploadId: submission.uploadId,
        errors: submission.errors,
        deadline: submission.deadline,
        overdue: isOverdue(submission, this.clock.now().toISOString().slice(0, 10)),
      };
    const record = await this.invoices.find(manager, caller.tenantId, request.id);
    // Not seen here: billing says whether it exists in this tenant (NOT_FOUND otherwise).
    if (!record) await this.rpc.send('billing.documents.get', { kind: 'invoice', id: request.id }, caller);
    return {
      documentId: request.id,
      status: 'not_submitted',
      platform: null,
      uploadId: null,
      errors: (record?.problems ?? []).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
      deadline: null,
      overdue: false,
    };
  }

  @RpcHandler('documents.options.get')
  getOptions(_payload: unknown, caller: RpcCaller): Promise<DocumentsOptionsView> {
    return this.options.get(this.dataSource.manager, caller.tenantId);
  }

  @RpcHandler('documents.options.update', UpdateDocumentsOptionsRequest)
  updateOptions(request: UpdateDocumentsOptionsRequest, caller: RpcCaller): Promise<DocumentsOptionsView> {
    if (caller.role !== 'admin') throw forbidden();
    return this.options.update(
      this.dataSource.manager,
      caller.tenantId,
      { attachUbl: request.attachUbl },
      this.clock.now(),
    );
  }
}

function view(fileName: string, xml: string): UblFileView {
  const bytes = Buffer.from(xml, 'utf8');
  return { fileName, contentType: 'application/xml', sha256: sha256(bytes), bytes: bytes.length, xml };
}
