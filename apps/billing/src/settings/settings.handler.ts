import { Injectable } from '@nestjs/common';
import { InitializeSettingsDto, UpdateSettingsDto, type RpcCaller, type SettingsView } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { requireAdmin, tenantOf } from '../common/caller-tenant';
import { SettingsService } from './settings.service';

/** RPC entry points of the settings feature. */
@Injectable()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @RpcHandler('billing.settings.get')
  get(_payload: unknown, caller: RpcCaller): Promise<SettingsView> {
    return this.settings.get(tenantOf(caller));
  }

  @RpcHandler('billing.settings.update', UpdateSettingsDto)
  update(payload: UpdateSettingsDto, caller: RpcCaller): Promise<SettingsView> {
    return this.settings.update(requireAdmin(caller), payload);
  }

  /** The sign-up flow sends this as the new tenant's first admin. */
  @RpcHandler('billing.settings.initialize', InitializeSettingsDto)
  initialize(payload: InitializeSettingsDto, caller: RpcCaller): Promise<SettingsView> {
    return this.settings.initialize(requireAdmin(caller), payload);
  }
}
