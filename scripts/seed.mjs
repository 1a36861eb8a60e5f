// Seeds a demo tenant through the real HTTP API (never the database), so the demo data obeys every
// rule a user's data does. Idempotent: signs up once, then logs in; adds company details and
// contacts only where the tenant has none. Run on its own against a running stack:
// `node scripts/seed.mjs [http://localhost:3000]`.
import { pathToFileURL } from 'node:url';

export const DEMO_EMAIL = process.env.DEMO_EMAIL || 'demo@example.com';
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo-password-2026';

const COMPANY = {
  legalName: 'Atelierul Digital Consultanță SRL',
  vatId: 'RO41726354',
  registrationNumber: 'J40/1234/2020',
  address: {
    street: 'Bd. Unirii nr. 15, et. 3',
    city: 'București',
    region: 'București',
    postalCode: '030167',
    country: 'RO',
  },
  bankName: 'Banca Transilvania',
  iban: 'RO70BTRLRONCRT0421873901',
  email: 'facturare@atelierul-digital.ro',
  phone: '+40 21 555 0142',
};

const CONTACTS = [
  {
    type: 'company',
    name: 'Fabrica de Mobilă Țărănească SRL',
    email: 'contabilitate@mobila-taraneasca.ro',
    phone: '+40 268 555 017',
    address: {
      street: 'Str. Lungă nr. 112',
      city: 'Brașov',
      region: 'Brașov',
      postalCode: '500035',
      country: 'RO',
    },
    vatId: 'RO18547290',
    registrationNumber: 'J08/1234/2006',
    notes: 'Plătește de obicei în 10 zile.',
  },
  {
    type: 'company',
    name: 'Cafeneaua Ștefan cel Mare SRL',
    email: 'office@cafeneaua-stefan.ro',
    phone: '+40 232 555 981',
    address: {
      street: 'Bd. Ștefan cel Mare și Sfânt nr. 8',
      city: 'Iași',
      region: 'Iași',
      postalCode: '700064',
      country: 'RO',
    },
    vatId: '34567892',
    registrationNumber: 'J22/567/2015',
    notes: 'Neplătitoare de TVA.',
  },
  {
    type: 'person',
    name: 'Ioana Mureșan',
    email: 'ioana.muresan@example.ro',
    phone: '+40 744 555 230',
    address: {
      street: 'Str. Avram Iancu nr. 21, ap. 4',
      city: 'Cluj-Napoca',
      region: 'Cluj',
      postalCode: '400083',
      country: 'RO',
    },
    vatId: null,
    registrationNumber: null,
    notes: null,
  },
];

async function call(apiUrl, method, path, { token, body } = {}) {
  const response = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { detail: text };
  }
  return { status: response.status, body: json };
}

function fail(step, result) {
  const detail = result.body?.detail ?? result.body?.title ?? JSON.stringify(result.body);
  return new Error(`${step} answered ${result.status}: ${detail}`);
}

/** Creates (or finds) the demo tenant; returns what was done, for the start banner. */
export async function seedDemo(apiUrl, log = console.log) {
  const done = [];
  let token;
  const signup = await call(apiUrl, 'POST', '/auth/signup', {
    body: { companyName: COMPANY.legalName, country: 'RO', email: DEMO_EMAIL, password: DEMO_PASSWORD },
  });
  if (signup.status === 201) {
    token = signup.body.accessToken;
    done.push('demo tenant created');
  } else if (signup.status === 409) {
    const login = await call(apiUrl, 'POST', '/auth/login', {
      body: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
    });
    if (login.status !== 200) throw fail(`logging in as ${DEMO_EMAIL}`, login);
    token = login.body.accessToken;
  } else {
    throw fail('signing up the demo tenant', signup);
  }

  // Billing owns settings; when it cannot take them the demo still starts, without company details.
  const settings = await call(apiUrl, 'GET', '/settings', { token });
  // Sign-up may fill in the company name only: complete the details while the VAT id is missing.
  if (settings.status === 200 && !settings.body?.company?.vatId) {
    const patched = await call(apiUrl, 'PATCH', '/settings', {
      token,
      body: { company: COMPANY, vatRegistered: true },
    });
    if (patched.status === 200) done.push('company details saved');
    else log(fail('saving the company details', patched).message);
  } else if (settings.status !== 200) {
    log(`${fail('reading the settings', settings).message}: company details not seeded`);
  }

  const contacts = await call(apiUrl, 'GET', '/contacts?limit=1', { token });
  if (contacts.status !== 200) throw fail('listing contacts', contacts);
  if ((contacts.body?.items ?? []).length === 0) {
    for (const contact of CONTACTS) {
      const created = await call(apiUrl, 'POST', '/contacts', { token, body: contact });
      if (created.status !== 201) throw fail(`creating contact ${contact.name}`, created);
    }
    done.push(`${CONTACTS.length} contacts added`);
  }
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, token, done };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const apiUrl = (process.argv[2] || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/$/, '');
  try {
    const result = await seedDemo(apiUrl);
    console.log(
      `${result.done.length ? result.done.join(', ') : 'demo data already present'}; ` +
        `log in as ${result.email} / ${result.password}`,
    );
  } catch (error) {
    console.error(`seed failed: ${error.message}`);
    process.exit(1);
  }
}
