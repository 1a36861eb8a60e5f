import { Injectable } from '@nestjs/common';
import {
  SERIES_KINDS,
  type InitializeSettingsDto,
  type SeriesView,
  type SettingsView,
  type UpdateSettingsDto,
} from '@app/contracts';
import type { EntityManager } from 'typeorm';
import { applySettingsPatch, type SettingsState } from './settings-patch';
import { SettingsRepository } from './settings.repository';

/** A tenant's billing settings; created with defaults the first time anyone asks for them. */
@Injectable()
export class SettingsService {
  constructor(private readonly repository: SettingsRepository) {}

  async get(tenantId: string): Promise<SettingsView> {
    return toView((await this.committed(tenantId)).state);
  }

  /** As `get`, with the version of the settings row they were read at (it changes with every update). */
  async getVersioned(tenantId: string): Promise<{ settings: SettingsView; version: string }> {
    const { state, version } = await this.committed(tenantId);
    return { settings: toView(state), version };
  }

  /**
   * The settings read inside the caller's transaction (an event handler's), so it never waits for
   * a second connection while holding one; null for a tenant that has none yet (nothing written).
   */
  async findIn(manager: EntityManager, tenantId: string): Promise<SettingsView | null> {
    const found = await this.repository.load(manager, tenantId);
    return found ? toView(found) : null;
  }

  async update(tenantId: string, patch: UpdateSettingsDto): Promise<SettingsView> {
    const updated = await this.repository.transaction(async (manager) => {
      await this.repository.ensureDefaults(manager, tenantId);
      // Locks the settings and series rows: an issue taking a number waits, or we see it as used.
      const current = (await this.repository.load(manager, tenantId, true))!;
      const next = applySettingsPatch(current, patch);
      await this.repository.save(manager, tenantId, next);
      return (await this.repository.load(manager, tenantId))!;
    });
    return toView(updated);
  }

  /** Called once at sign-up; a repeated call (a retried sign-up message) changes nothing. */
  async initialize(tenantId: string, seed: InitializeSettingsDto): Promise<SettingsView> {
    const state = await this.repository.transaction(async (manager) => {
      await this.repository.ensureDefaults(manager, tenantId, {
        legalName: seed.companyName,
        country: seed.country.toUpperCase(),
      });
      return (await this.repository.load(manager, tenantId))!;
    });
    return toView(state);
  }

  private async committed(tenantId: string): Promise<{ state: SettingsState; version: string }> {
    const found = await this.repository.loadCommitted(tenantId);
    if (found) return found;
    await this.repository.transaction((manager) => this.repository.ensureDefaults(manager, tenantId));
    return (await this.repository.loadCommitted(tenantId))!;
  }
}

function toView(state: SettingsState): SettingsView {
  const series = Object.fromEntries(
    SERIES_KINDS.map((kind): [string, SeriesView] => {
      const { prefix, yearlyReset, nextNumber } = state.series[kind];
      return [kind, { prefix, yearlyReset, nextNumber }];
    }),
  ) as SettingsView['series'];
  return { ...state, series };
}
