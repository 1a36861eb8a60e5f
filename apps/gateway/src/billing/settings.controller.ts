import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type RpcCaller, type SettingsView, UpdateSettingsDto } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { AdminOnly, CurrentCaller } from '../auth/caller.decorator';

/** The tenant's billing settings; billing creates them with defaults on first access. */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  get(@CurrentCaller() caller: RpcCaller): Promise<SettingsView> {
    return this.rpc.send('billing.settings.get', {}, caller);
  }

  @Patch()
  @AdminOnly()
  update(@CurrentCaller() caller: RpcCaller, @Body() changes: UpdateSettingsDto): Promise<SettingsView> {
    return this.rpc.send('billing.settings.update', changes, caller);
  }
}
