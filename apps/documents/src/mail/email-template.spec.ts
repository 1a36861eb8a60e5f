import { DEFAULT_TEMPLATES, fillTemplate, type PlaceholderValues } from './email-template';

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

  it('collapses the blank lines that empty links leave behind', () => {
    const filled = fillTemplate(DEFAULT_TEMPLATES.offer.en, values);
    expect(filled.body).not.toMatch(/\n{3,}/);
    expect(filled.body).toContain('Kind regards,');
  });
});
