import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type DocumentView, ListContactDocumentsQuery, type Page, type RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * The customer card's documents: contacts live in crm, their documents in billing. crm is asked
 * whether the contact exists in the caller's tenant, so another tenant's contact id is a 404, not
 * an empty list that would confirm nothing but still answer.
 */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactDocumentsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Invoices, proformas and offers of the contact, newest first, paged; trashed drafts left out. */
  @Get(':id/documents')
  @ApiNotFoundResponse({ description: 'No such contact in this tenant', type: ProblemResponse })
  async list(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Query() query: ListContactDocumentsQuery,
  ): Promise<Page<DocumentView>> {
    const [, page] = await Promise.all([
      this.rpc.send('crm.contacts.get', { id }, caller),
      this.rpc.send('billing.contacts.documents', { ...query, contactId: id }, caller),
    ]);
    return page;
  }
}
