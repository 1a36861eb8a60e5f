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

/** The links: signed by billing when the email is sent, so they are filled last (`fillLinks`). */
export const LINK_PLACEHOLDERS = ['viewLink', 'acceptLink', 'rejectLink'] as const;
export type LinkPlaceholder = (typeof LINK_PLACEHOLDERS)[number];
export type LinkValues = Partial<Record<LinkPlaceholder, string>>;

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

const RO_VIEW = 'Îl puteți vedea online: {{viewLink}}';
const EN_VIEW = 'View it online: {{viewLink}}';
const RO_OFFER_LINKS = `Vedeți oferta online: {{viewLink}}
Acceptați oferta: {{acceptLink}}
Refuzați oferta: {{rejectLink}}`;
const EN_OFFER_LINKS = `View the offer online: {{viewLink}}
Accept the offer: {{acceptLink}}
Decline the offer: {{rejectLink}}`;

/** Built-in templates, used when a tenant has not written its own for the kind and language. */
export const DEFAULT_TEMPLATES: Record<RenderedKind, Record<Language, EmailTemplate>> = {
  invoice: {
    ro: ro('Factura', ', cu scadența la {{dueDate}}', RO_VIEW),
    en: en('Invoice', ', due on {{dueDate}}', EN_VIEW),
  },
  proforma: {
    ro: ro('Factura proformă', ', cu scadența la {{dueDate}}', RO_VIEW),
    en: en('Proforma invoice', ', due on {{dueDate}}', EN_VIEW),
  },
  offer: {
    ro: ro('Oferta', ', valabilă până la {{dueDate}}', RO_OFFER_LINKS),
    en: en('Offer', ', valid until {{dueDate}}', EN_OFFER_LINKS),
  },
  receipt: {
    ro: ro('Chitanța', '', RO_VIEW),
    en: en('Receipt', '', EN_VIEW),
  },
};

/**
 * Fills `{{name}}` placeholders with plain text (the email is text/plain: nothing to escape, and
 * nothing in a value is ever interpreted again). Line breaks are removed from values put in the
 * subject. A body line with a link nobody has (a draft's, a receipt's) is left out, so "Accept the
 * offer:" never stands alone, and the blank lines that leaves collapse.
 */
export function fillTemplate(template: EmailTemplate, values: PlaceholderValues): EmailTemplate {
  return fill(template, PLACEHOLDER_PATTERN, (name) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? (values[name as Placeholder] ?? '') : undefined,
  );
}

/**
 * A private-use character no filled value keeps: what `fillTemplateLinksLater` leaves where the
 * template has a link, for `fillLinks` to find when the email is sent. A value (a contact's name)
 * cannot forge one, so only the template decides where links go.
 */
const MARK = '\uE000';
const MARK_PATTERN = /\uE000(viewLink|acceptLink|rejectLink)\uE000/g;
const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Fills all but the links, which stay marked until the email is sent (`fillLinks`). */
export function fillTemplateLinksLater(
  template: EmailTemplate,
  values: Omit<PlaceholderValues, LinkPlaceholder>,
): EmailTemplate {
  const clean = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, String(value ?? '').replaceAll(MARK, '')]),
  ) as Omit<PlaceholderValues, LinkPlaceholder>;
  const marks = Object.fromEntries(LINK_PLACEHOLDERS.map((name) => [name, `${MARK}${name}${MARK}`]));
  return fillTemplate(template, { ...clean, ...marks } as PlaceholderValues);
}

/** True when a template filled by `fillTemplateLinksLater` still waits for links. */
export function needsLinks(email: EmailTemplate): boolean {
  return email.subject.includes(MARK) || email.body.includes(MARK);
}

/** Puts the links where `fillTemplateLinksLater` marked them; a missing one as `fillTemplate` does. */
export function fillLinks(email: EmailTemplate, links: LinkValues): EmailTemplate {
  return fill(email, MARK_PATTERN, (name) => links[name as LinkPlaceholder] ?? '');
}

function fill(
  template: EmailTemplate,
  pattern: RegExp,
  valueOf: (name: string) => string | undefined,
): EmailTemplate {
  const isLink = (name: string) => (LINK_PLACEHOLDERS as readonly string[]).includes(name);
  const line = (text: string, singleLine: boolean): string | null => {
    let missingLink = false;
    const filled = text.replace(pattern, (whole, name: string) => {
      const value = valueOf(name);
      if (value === undefined) return whole;
      if (value === '' && isLink(name)) missingLink = true;
      return singleLine ? value.replace(/[\r\n]+/g, ' ') : value;
    });
    return missingLink && !singleLine ? null : filled;
  };
  const body = template.body
    .split('\n')
    .map((text) => line(text, false))
    .filter((text): text is string => text !== null)
    .join('\n');
  return {
    subject: (line(template.subject, true) ?? '').trim(),
    body: body.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n'),
  };
}
