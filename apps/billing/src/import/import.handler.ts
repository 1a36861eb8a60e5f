import { Injectable } from '@nestjs/common';
import {
  AbortImportDto,
  ImportChunkDto,
  ImportJobIdDto,
  StartImportDto,
  type ImportJobView,
  type ImportStatus,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { ImportService } from './import.service';

/** RPC entry points of the product import; admins only. */
@Injectable()
export class ImportHandler {
  constructor(private readonly imports: ImportService) {}

  @RpcHandler('billing.imports.start', StartImportDto)
  start(payload: StartImportDto, caller: RpcCaller): Promise<{ id: string; status: ImportStatus }> {
    return this.imports.start(caller, payload);
  }

  @RpcHandler('billing.imports.chunk', ImportChunkDto)
  chunk(payload: ImportChunkDto, caller: RpcCaller): Promise<{ id: string; bytes: number }> {
    return this.imports.chunk(caller, payload);
  }

  @RpcHandler('billing.imports.finish', ImportJobIdDto)
  finish(payload: ImportJobIdDto, caller: RpcCaller): Promise<ImportJobView> {
    return this.imports.finish(caller, payload.id);
  }

  @RpcHandler('billing.imports.abort', AbortImportDto)
  abort(payload: AbortImportDto, caller: RpcCaller): Promise<ImportJobView> {
    return this.imports.abort(caller, payload);
  }

  @RpcHandler('billing.imports.get', ImportJobIdDto)
  get(payload: ImportJobIdDto, caller: RpcCaller): Promise<ImportJobView> {
    return this.imports.get(caller, payload.id);
  }
}
