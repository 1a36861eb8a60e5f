import type { Language } from '@app/contracts';
import type { RenderedKind } from '@app/contracts';

export interface EmailTemplate {
  subject: string;
  body: string;
}

/** Placeholders a template may use; anything else in `{{ }}` is left as written. */
export const PLACEHOLDERS = [
  'contactName',
  'number',
  'total',
  'currency',
  'dueDate',
  'sellerName',
  'viewLink',
  'acceptLink',
  'rejectLink',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const ro = (what: string, deadline: string, links: string): EmailTemplate => ({
  subject: `${what} {{number}} de la {{sellerName}}`,
  body: `Bună ziua, {{contactName}},

Vă trimitem atașat ${what.toLowerCase()} {{number}}, în valoare de {{total}} {{currency}}${deadline}.
${links}
Cu stimă,
{{sellerName}}
`,
});

const en = (what: string, deadline: string, links: string): EmailTemplate => ({
  subject: `${what} {{number}} from {{sellerName}}`,
  body: `Hello {{contactName}},

Please find attached ${what.toLowerCase()} {{number}} for {{total}} {{currency}}${deadline}.
${links}
Kind regards,
{{sellerName}}
`,
});

/** Built-in templates, used when a tenant has not written its own for the kind and language. */
export const DEFAULT_TEMPLATES: Record<RenderedKind, Record<Language, EmailTemplate>> = {
  invoice: {
    ro: ro('Factura', ', cu scadența la {{dueDate}}', '{{viewLink}}'),
    en: en('Invoice', ', due on {{dueDate}}', '{{viewLink}}'),
  },
  proforma: {
    ro: ro('Factura proformă', ', cu scadența la {{dueDate}}', '{{viewLink}}'),
    en: en('Proforma invoice', ', due on {{dueDate}}', '{{viewLink}}'),
  },
  offer: {
    ro: ro('Oferta', ', valabilă până la {{dueDate}}', '{{viewLink}}\n{{acceptLink}}\n{{rejectLink}}'),
    en: en('Offer', ', valid until {{dueDate}}', '{{viewLink}}\n{{acceptLink}}\n{{rejectLink}}'),
  },
  receipt: {
    ro: ro('Chitanța', '', '{{viewLink}}'),
    en: en('Receipt', '', '{{viewLink}}'),
  },
};

/**
 * Fills `{{name}}` placeholders with plain text (the email is text/plain: nothing to escape, and
 * nothing in a value is ever interpreted again). Line breaks are removed from values put in the
 * subject. Lines left empty by empty links collapse, so the text keeps its shape.
 */
export function fillTemplate(template: EmailTemplate, values: PlaceholderValues): EmailTemplate {
  const fill = (text: string, singleLine: boolean) =>
    text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, name: string) => {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) return whole;
      const value = values[name as Placeholder] ?? '';
      return singleLine ? value.replace(/[\r\n]+/g, ' ') : value;
    });
  return {
    subject: fill(template.subject, true).trim(),
    body: fill(template.body, false)
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n'),
  };
}
