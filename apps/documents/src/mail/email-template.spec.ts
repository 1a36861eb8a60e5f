import {
  DEFAULT_TEMPLATES,
  fillLinks,
  fillTemplate,
  fillTemplateLinksLater,
  needsLinks,
  type PlaceholderValues,
} from './email-template';

const values: PlaceholderValues = {
  contactName: 'Ștefan Țărănescu SRL',
  number: 'INV-0042',
  total: '3630.00',
  currency: 'RON',
  dueDate: '10.12.2026',
  sellerName: 'Atelierul SRL',
  viewLink: '',
  acceptLink: '',
  rejectLink: '',
};

describe('email templates', () => {
  it('fills the default invoice template in English and Romanian', () => {
    const english = fillTemplate(DEFAULT_TEMPLATES.invoice.en, values);
    expect(english.subject).toBe('Invoice INV-0042 from Atelierul SRL');
    expect(english.body).toContain('Hello Ștefan Țărănescu SRL,');
    expect(english.body).toContain('invoice INV-0042 for 3630.00 RON, due on 10.12.2026.');
    const romanian = fillTemplate(DEFAULT_TEMPLATES.invoice.ro, values);
    expect(romanian.subject).toBe('Factura INV-0042 de la Atelierul SRL');
    expect(romanian.body).toContain(
      'factura INV-0042, în valoare de 3630.00 RON, cu scadența la 10.12.2026.',
    );
  });

  it('inserts values verbatim, once: a value that looks like a placeholder is not filled again', () => {
    const filled = fillTemplate(
      { subject: '{{number}}', body: 'Dear {{contactName}}' },
      { ...values, contactName: '{{number}} <b>&' },
    );
    expect(filled.body).toBe('Dear {{number}} <b>&');
  });

  it('keeps unknown placeholders as written and keeps the subject on one line', () => {
    const filled = fillTemplate(
      { subject: 'Invoice {{number}} {{unknown}}', body: '' },
      { ...values, number: 'INV-1\r\nBcc: x@example.com' },
    );
    expect(filled.subject).toBe('Invoice INV-1 Bcc: x@example.com {{unknown}}');
  });

  it('leaves out the lines of links nobody has, and the blank lines they leave behind', () => {
    const filled = fillTemplate(DEFAULT_TEMPLATES.offer.en, values);
    expect(filled.body).not.toMatch(/\n{3,}/);
    expect(filled.body).not.toMatch(/online|Accept|Decline/);
    expect(filled.body).toContain('valid until 10.12.2026.\n\nKind regards,');
  });

  it('fills the links last, where the template put them, one per line', () => {
    const { viewLink, acceptLink, rejectLink, ...rest } = values;
    expect([viewLink, acceptLink, rejectLink]).toEqual(['', '', '']);
    const pending = fillTemplateLinksLater(DEFAULT_TEMPLATES.offer.ro, rest);
    expect(needsLinks(pending)).toBe(true);
    const links = {
      viewLink: 'https://app.example/api/v1/public/links/v.1',
      acceptLink: 'https://app.example/api/v1/public/links/a.1',
      rejectLink: 'https://app.example/api/v1/public/links/r.1',
    };
    const sent = fillLinks(pending, links);
    expect(needsLinks(sent)).toBe(false);
    expect(sent).toEqual(fillTemplate(DEFAULT_TEMPLATES.offer.ro, { ...values, ...links }));
    expect(sent.body).toContain(`Vedeți oferta online: ${links.viewLink}\n`);
    expect(sent.body).toContain(`Acceptați oferta: ${links.acceptLink}\n`);
    expect(sent.body).toContain(`Refuzați oferta: ${links.rejectLink}\n`);
    // An invoice has a view link only; without links (a draft) the email reads as before.
    const invoice = fillTemplateLinksLater(DEFAULT_TEMPLATES.invoice.en, rest);
    expect(fillLinks(invoice, { viewLink: links.viewLink }).body).toContain(
      `View it online: ${links.viewLink}`,
    );
    expect(fillLinks(invoice, {})).toEqual(fillTemplate(DEFAULT_TEMPLATES.invoice.en, values));
  });

  it('lets no value stand for a link: only the template decides where links go', () => {
    const pending = fillTemplateLinksLater(
      { subject: '{{number}}', body: 'Dear {{contactName}}\n{{acceptLink}}' },
      { ...values, contactName: '\uE000acceptLink\uE000 {{acceptLink}}' },
    );
    const sent = fillLinks(pending, { acceptLink: 'https://app.example/a' });
    expect(sent.body).toBe('Dear acceptLink {{acceptLink}}\nhttps://app.example/a');
  });
});
