import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateDocumentDto,
  type DocumentKind,
  type DocumentView,
  IssueDocumentDto,
  IssueReceiptDto,
  LineInputDto,
  LinePatchDto,
  ListDocumentsQuery,
  type Page,
  type PaymentView,
  type ReceiptView,
  RecordPaymentDto,
  ReverseInvoiceDto,
  type RpcCaller,
  SendDocumentDto,
  UpdateDocumentDto,
} from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * The routes every document kind shares (`/invoices`, `/proformas`, `/offers`): each subclass
 * below only says which kind its path serves. Billing validates every request again.
 */
abstract class DocumentsController {
  protected abstract readonly kind: DocumentKind;

  // Named explicitly: an undecorated base class gets no constructor type metadata to inject by.
  constructor(@Inject(RpcClient) protected readonly rpc: RpcClient) {}

  @Post()
  create(@CurrentCaller() caller: RpcCaller, @Body() document: CreateDocumentDto): Promise<DocumentView> {
    return this.rpc.send('billing.documents.create', { kind: this.kind, document }, caller);
  }

  @Get()
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListDocumentsQuery): Promise<Page<DocumentView>> {
    return this.rpc.send('billing.documents.list', { ...query, kind: this.kind }, caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.documents.get', { kind: this.kind, id }, caller);
  }

  /** Any draft field; once issued only `name` (anything else: 409, reverse it instead). */
  @Patch(':id')
  update(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() changes: UpdateDocumentDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.update', { kind: this.kind, id, changes }, caller);
  }

  @Post(':id/lines')
  addLine(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() line: LineInputDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.lines.add', { kind: this.kind, id, line }, caller);
  }

  @Patch(':id/lines/:lineId')
  updateLine(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @UuidParam('lineId') lineId: string,
    @Body() changes: LinePatchDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.lines.update', { kind: this.kind, id, lineId, changes }, caller);
  }

  @Delete(':id/lines/:lineId')
  removeLine(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @UuidParam('lineId') lineId: string,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.lines.remove', { kind: this.kind, id, lineId }, caller);
  }

  /** 200 with the issued document, or 422 listing every problem (no number is used up). */
  @Post(':id/issue')
  @HttpCode(200)
  issue(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: IssueDocumentDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.issue', { kind: this.kind, id, options }, caller);
  }

  /**
   * 202: the issued document's PDF is emailed again, to the buyer or to `to`; its delivery shows
   * `queued`, then `sent` or `failed`. 409 for a draft.
   */
  @Post(':id/send')
  @HttpCode(202)
  send(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: SendDocumentDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.documents.send', { kind: this.kind, id, options }, caller);
  }

  @Post(':id/copy')
  copy(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.documents.copy', { kind: this.kind, id }, caller);
  }

  /** A draft goes to the trash; an issued document cannot be deleted (409). */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Moved to the trash' })
  async trash(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<void> {
    await this.rpc.send('billing.documents.trash', { kind: this.kind, id }, caller);
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.documents.restore', { kind: this.kind, id }, caller);
  }
}

@ApiTags('invoices')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such invoice in this tenant', type: ProblemResponse })
@Controller('invoices')
export class InvoicesController extends DocumentsController {
  protected readonly kind = 'invoice';

  /**
   * 201 with the storno, issued at once and numbered in the invoice series; the original becomes
   * `reversed`. 409 for a draft, a storno, or an invoice already reversed. Proformas are voided by
   * POST /proformas/{id}/reverse; a proforma's id here is 404.
   */
  @Post(':id/reverse')
  reverse(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: ReverseInvoiceDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.invoices.reverse', { id, options }, caller);
  }

  /** 201 with the payment; 409 unless the invoice is issued, 422 for an overpayment or a bad date. */
  @Post(':id/payments')
  recordPayment(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() payment: RecordPaymentDto,
  ): Promise<PaymentView> {
    return this.rpc.send('billing.invoices.payments.record', { id, payment }, caller);
  }

  @Get(':id/payments')
  payments(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<Page<PaymentView>> {
    return this.rpc.send('billing.invoices.payments.list', { id }, caller);
  }

  /**
   * 201 with the receipt, numbered in the receipt series, for the amount due or `amount`; it
   * records the cash payment. 409 unless the invoice is issued and paid in cash; 422 for an amount
   * that is not more than zero or exceeds what is due.
   */
  @Post(':id/receipts')
  issueReceipt(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() receipt: IssueReceiptDto,
  ): Promise<ReceiptView> {
    return this.rpc.send('billing.invoices.receipts.issue', { id, receipt }, caller);
  }
}

@ApiTags('proformas')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such proforma in this tenant', type: ProblemResponse })
@Controller('proformas')
export class ProformasController extends DocumentsController {
  protected readonly kind = 'proforma';
}

@ApiTags('offers')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such offer in this tenant', type: ProblemResponse })
@Controller('offers')
export class OffersController extends DocumentsController {
  protected readonly kind = 'offer';
}
