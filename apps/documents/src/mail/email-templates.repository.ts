import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language, RenderedKind } from '@app/contracts';
import { DEFAULT_TEMPLATES, type EmailTemplate } from './email-template';

/** A tenant's own template for a kind and language, else the built-in default. */
@Injectable()
export class EmailTemplatesRepository {
  async find(
    manager: EntityManager,
    tenantId: string,
    kind: RenderedKind,
    language: Language,
  ): Promise<EmailTemplate> {
    const rows = await manager.query<EmailTemplate[]>(
      `SELECT subject, body FROM "documents".email_templates WHERE tenant_id = $1 AND kind = $2 AND language = $3`,
      [tenantId, kind, language],
    );
    return rows[0] ?? DEFAULT_TEMPLATES[kind][language];
  }
}
