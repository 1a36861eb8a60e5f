import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  type ContactView,
  CreateContactDto,
  ListContactsQuery,
  type Page,
  type RpcCaller,
  UpdateContactDto,
} from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/** Contacts live in crm: each route validates here, then asks crm (which validates again). */
@ApiTags('contacts')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such contact in this tenant', type: ProblemResponse })
@Controller('contacts')
export class ContactsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  create(@CurrentCaller() caller: RpcCaller, @Body() dto: CreateContactDto): Promise<ContactView> {
    return this.rpc.send('crm.contacts.create', dto, caller);
  }

  @Get()
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListContactsQuery): Promise<Page<ContactView>> {
    return this.rpc.send('crm.contacts.list', query, caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<ContactView> {
    return this.rpc.send('crm.contacts.get', { id }, caller);
  }

  @Patch(':id')
  update(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() changes: UpdateContactDto,
  ): Promise<ContactView> {
    return this.rpc.send('crm.contacts.update', { id, changes }, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<void> {
    await this.rpc.send('crm.contacts.delete', { id }, caller);
  }
}
