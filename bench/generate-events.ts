/**
 * Realistic input for `calintel analyze` (contract: analysis-io.md), deterministic for a seed:
 * an org.json with a few hundred accounts, about a thousand leads and a few thousand contacts,
 * and a JSON Lines file of events from 250 sales and customer-success calendars, in start
 * order, in English, German, French and Spanish (a little Dutch and Portuguese):
 *
 * - customer meetings with CRM contacts and people not yet in the CRM at account domains
 *   (discovery, demo, pricing, follow-up, signature, onboarding), some organised by the customer,
 *   some with a room, many with a Zoom, Teams or Meet block in the description, some in HTML;
 * - lead meetings booked through scheduling tools, some on free mail;
 * - internal meetings (stand-ups, 1:1s, pipeline reviews, deal prep), many recurring, with rooms;
 * - personal and focus blocks, out-of-office and travel, some all-day or shown as free;
 * - vendors, partners, investors, interviews and webinars with people outside the CRM;
 * - a few cancelled or declined meetings.
 *
 * Written in chunks, so a million events need no more memory than a thousand.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_STAGES } from '../src/domain/matching/crm.js';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, p: number) => rng() < p;
const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));

type Language = 'en' | 'de' | 'fr' | 'es' | 'nl' | 'pt';
type SalesKind = 'discovery' | 'demo' | 'negotiation' | 'follow_up' | 'closing' | 'onboarding';

const ZONES: Record<Language, readonly string[]> = {
  en: ['America/New_York', 'America/Chicago', 'Europe/London', 'America/Los_Angeles'],
  de: ['Europe/Berlin', 'Europe/Zurich', 'Europe/Vienna'],
  fr: ['Europe/Paris', 'Europe/Brussels', 'America/Montreal'],
  es: ['Europe/Madrid', 'America/Mexico_City', 'America/Bogota'],
  nl: ['Europe/Amsterdam'],
  pt: ['Europe/Lisbon', 'America/Sao_Paulo'],
};

const LANGUAGE_MIX: readonly Language[] = [
  ...Array<Language>(9).fill('en'),
  ...Array<Language>(5).fill('de'),
  ...Array<Language>(3).fill('fr'),
  ...Array<Language>(3).fill('es'),
  'nl',
  'pt',
];

const FIRST: Record<Language, readonly string[]> = {
  en: ['James', 'Emma', 'Olivia', 'Noah', 'Liam', 'Ava', 'Mia', 'Ethan', 'Grace', 'Henry', 'Chloe'],
  de: [
    'Lukas',
    'Anna',
    'Jonas',
    'Sophie',
    'Felix',
    'Lea',
    'Maximilian',
    'Marie',
    'Jürgen',
    'Käthe',
  ],
  fr: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Gabriel', 'Manon', 'Théo', 'Inès', 'Jérôme'],
  es: ['Lucía', 'Mateo', 'Sofía', 'Hugo', 'Martina', 'Pablo', 'Valentina', 'Álvaro', 'Nerea'],
  nl: ['Daan', 'Sanne', 'Bram', 'Fleur', 'Joris', 'Lotte'],
  pt: ['João', 'Beatriz', 'Tiago', 'Inês', 'Rafael', 'Mariana'],
};

const LAST: Record<Language, readonly string[]> = {
  en: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Clarke', 'Walker', 'Hughes', 'Patel'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Brunner', 'Huber'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Fontaine', 'Rousseau'],
  es: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero', 'Navarro', 'Ortega'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Visser'],
  pt: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa'],
};

const COMPANY_WORDS: Record<Language, readonly string[]> = {
  en: ['Pennine', 'Harbor', 'Summit', 'Bluewater', 'Ironbridge', 'Redwood', 'Granite', 'Beacon'],
  de: ['Kessler', 'Alpen', 'Rheintal', 'Schwarzwald', 'Hartmann', 'Vogel', 'Salzach', 'Donau'],
  fr: ['Lumière', 'Provence', 'Atlantique', 'Bellevue', 'Garonne', 'Mistral', 'Loire'],
  es: ['Ruta', 'Sierra', 'Costa', 'Meseta', 'Andina', 'Levante', 'Pampa', 'Caribe'],
  nl: ['Polder', 'Delta', 'Zuiderzee', 'Maas'],
  pt: ['Tejo', 'Douro', 'Atlântico', 'Minho'],
};

const COMPANY_KINDS: Record<Language, readonly string[]> = {
  en: ['Components Ltd', 'Logistics Inc', 'Health Systems', 'Retail Group', 'Manufacturing Co'],
  de: ['Maschinenbau GmbH', 'Präzisionstechnik AG', 'Logistik GmbH', 'Handel AG', 'Medtech GmbH'],
  fr: ['Industries SA', 'Distribution SAS', 'Santé SA', 'Logistique SARL', 'Paie SAS'],
  es: ['Logística SL', 'Distribución SA', 'Industrial SA', 'Alimentación SL', 'Salud SA'],
  nl: ['Techniek BV', 'Logistiek BV'],
  pt: ['Logística Lda', 'Indústria SA'],
};

const TLDS: Record<Language, readonly string[]> = {
  en: ['com', 'co.uk', 'io', 'us'],
  de: ['de', 'ch', 'at', 'com'],
  fr: ['fr', 'be', 'ca', 'com'],
  es: ['es', 'com.mx', 'co', 'com'],
  nl: ['nl', 'com'],
  pt: ['pt', 'com.br'],
};

const CONTACT_TITLES: readonly string[] = [
  'CFO',
  'CEO',
  'Head of Procurement',
  'Einkaufsleiter',
  'Directeur des achats',
  'Responsable de compras',
  'IT Manager',
  'Enterprise Architect',
  'VP Operations',
  'Legal Counsel',
  'Finance Controller',
  'Geschäftsführer',
  'Directeur général',
  'Operations Manager',
  'Head of Data',
  'Plant Manager',
  'Security Engineer',
  'Leiter Controlling',
];

const FREE_MAIL = ['gmail.com', 'outlook.com', 'gmx.de', 'web.de', 'hotmail.fr', 'yahoo.es'];

const SALES_TITLES: Record<Language, Record<SalesKind, readonly string[]>> = {
  en: {
    discovery: ['{org} <> {us} | intro call', 'Discovery call with {org}', 'First call: {org}'],
    demo: ['{us} product demo for {org}', '{org} platform walkthrough', 'PoC review with {org}'],
    negotiation: ['{org} pricing discussion', 'Proposal review: {org}', 'MSA redlines with {org}'],
    follow_up: ['{org} quarterly business review', 'Check-in with {org}', '{org} renewal sync'],
    closing: ['{org} order form signature', 'Final approval call {org}', 'Verbal commit {org}'],
    onboarding: ['{org} onboarding session 2', 'Admin training for {org}', '{org} go live'],
  },
  de: {
    discovery: ['Erstgespräch {org} / {us}', 'Kennenlernen {org}', 'Bedarfsanalyse {org}'],
    demo: ['{org} – Produktvorführung', 'Demo Shopfloor-Dashboards {org}', 'PoC Review {org}'],
    negotiation: ['Angebot {org} besprechen', 'Vertragsverhandlung {org}', 'Konditionen {org}'],
    follow_up: ['Jour fixe {org}', 'Abstimmung nächste Schritte {org}', 'QBR {org}'],
    closing: ['Vertragsunterzeichnung {org}', 'Unterschrift Rahmenvertrag {org}'],
    onboarding: ['Schulung {org} Key User', 'Implementierung {org} Workshop', 'Go live {org}'],
  },
  fr: {
    discovery: ['Premier échange {org}', 'Découverte {org} x {us}', 'Prise de contact {org}'],
    demo: ['Démonstration {us} pour {org}', 'Présentation produit {org}', 'Atelier technique'],
    negotiation: ['Devis {org}', 'Négociation contrat {org}', 'Point achats {org}'],
    follow_up: ["Point d'étape {org}", 'Suivi {org}', 'Renouvellement {org}'],
    closing: ['Signature du contrat {org}', 'Clôture {org}'],
    onboarding: ['Formation utilisateurs {org}', 'Mise en place {org}'],
  },
  es: {
    discovery: ['Primera llamada {org}', 'Descubrimiento {org}', 'Presentación inicial {org}'],
    demo: ['Demostración {us} - {org}', 'Piloto {org}: revisión', 'Recorrido plataforma {org}'],
    negotiation: ['Propuesta económica {org}', 'Negociación {org}', 'Cotización {org}'],
    follow_up: ['Seguimiento {org}', 'Revisión trimestral {org}', 'Renovación {org}'],
    closing: ['Firma contrato {org}', 'Cierre {org}'],
    onboarding: ['Capacitación {org}', 'Puesta en marcha {org}'],
  },
  nl: {
    discovery: ['Kennismaking {org}'],
    demo: ['Demo {us} voor {org}'],
    negotiation: ['Offerte {org} bespreken'],
    follow_up: ['Voortgang {org}'],
    closing: ['Ondertekening {org}'],
    onboarding: ['Training {org}'],
  },
  pt: {
    discovery: ['Descoberta {org}'],
    demo: ['Demonstração {us} {org}'],
    negotiation: ['Proposta comercial {org}'],
    follow_up: ['Acompanhamento {org}'],
    closing: ['Assinatura contrato {org}'],
    onboarding: ['Treinamento {org}'],
  },
};

const AGENDAS: Record<Language, readonly string[]> = {
  en: [
    'Agenda: current process, pain points, timeline.',
    'Goal: walk through the dashboards with sample data and answer integration questions.',
    'We will go through the proposal, pricing tiers and the security questionnaire.',
    'Recap of the pilot, open items and next steps.',
    'Please bring the signed order form; legal has approved the redlines.',
  ],
  de: [
    'Agenda:\n- Kurzvorstellung\n- Wie werten Sie heute die Daten aus?\n- Ziele 2026 / Zeitplan',
    'Live-Demo mit Beispieldaten. Bitte 10 Min. für Fragen zum Datenimport reservieren.',
    'Besprechung des Angebots und der Lizenzstaffel, Fragen vom Einkauf.',
    'Nächste Schritte nach dem Pilot, offene Punkte aus dem letzten Termin.',
  ],
  fr: [
    'Ordre du jour : présentation, vos enjeux, calendrier du projet.',
    'Démonstration de la plateforme avec vos données anonymisées.',
    'Revue du devis et des conditions contractuelles avec le service achats.',
    'Point de suivi mensuel : adoption, tickets ouverts, prochaines étapes.',
  ],
  es: [
    'Agenda: proceso actual, necesidades, plazos.',
    'Demostración en vivo del módulo de rutas con datos de ejemplo.',
    'Revisión de la propuesta económica y condiciones del contrato.',
    'Seguimiento mensual: uso, incidencias abiertas y próximos pasos.',
  ],
  nl: ['Agenda: huidige situatie, wensen, planning.'],
  pt: ['Pauta: processo atual, necessidades e prazos.'],
};

const INTERNAL_TITLES: Record<Language, readonly string[]> = {
  en: [
    'Weekly sales stand-up',
    '1:1 {name}',
    'Pipeline review',
    'Deal prep: {org}',
    'Forecast call',
  ],
  de: [
    'Weekly Vertrieb',
    '1:1 {name}',
    'Pipeline Review DACH',
    'Vorbereitung {org}',
    'Team Jour fixe',
  ],
  fr: [
    'Point hebdo équipe',
    '1:1 {name}',
    'Revue pipeline',
    'Préparation {org}',
    'Réunion interne',
  ],
  es: ['Reunión semanal equipo', '1:1 {name}', 'Revisión pipeline', 'Preparación {org}'],
  nl: ['Teamoverleg', '1:1 {name}'],
  pt: ['Reunião semanal', '1:1 {name}'],
};

const PERSONAL_TITLES: Record<Language, readonly string[]> = {
  en: ['Focus time', 'Dentist', 'Gym', 'Lunch', 'Flight to Chicago', 'OOO', 'School pickup'],
  de: ['Fokuszeit', 'Zahnarzt', 'Mittagspause', 'Urlaub', 'Zug nach München', 'Kita abholen'],
  fr: ['Bloc concentration', 'Dentiste', 'Déjeuner', 'Congés', 'Vol pour Lyon', 'École'],
  es: ['Bloqueo', 'Dentista', 'Almuerzo', 'Vacaciones', 'Vuelo a Bogotá', 'Colegio'],
  nl: ['Focus', 'Tandarts'],
  pt: ['Foco', 'Dentista'],
};

const OTHER_TITLES: readonly string[] = [
  'Interview: Senior Account Executive',
  'Vorstellungsgespräch Customer Success',
  'Entretien candidat SDR',
  'Board meeting Q2',
  'Investor update call',
  'Partner sync SwissBI',
  'Reseller pipeline review with Datalytix',
  'Vendor demo: new CRM dialer',
  'Webinar: Predictive maintenance in 2026',
  'Support incident P1 follow-up',
  'Sesión de soporte técnico',
];

const CONFERENCE_BLOCKS: readonly string[] = [
  '\n\nJoin Zoom Meeting\nhttps://northwind.zoom.us/j/{n}?pwd=bXFxR0lWcE9aNXh2\nMeeting ID: {m}\nPasscode: 551902',
  '\n\n________________________________________________________________________________\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\nhttps://teams.microsoft.com/l/meetup-join/19%3ameeting_{n}@thread.v2/0\nMeeting ID: {m}\nPasscode: Rb9s2H\n________________________________________________________________________________',
  '\n\nJoin with Google Meet: https://meet.google.com/abc-defg-hij\nJoin by phone: +1 484-555-0100 PIN: 123456',
];

const SCHEDULING_BLOCK =
  '\n\nEvent Name: 30 Minute Meeting\n\nNeed to make changes to this event?\nCancel: https://calendly.com/cancellations/{n}\nReschedule: https://calendly.com/reschedulings/{n}\n\nPowered by Calendly.com';

interface Person {
  email: string;
  name: string;
}

interface Account {
  id: string;
  name: string;
  domains: string[];
  stage: string;
  language: Language;
  contacts: Person[];
}

export interface GeneratedOrg {
  internalDomains: string[];
  accounts: Array<{ id: string; name: string; domains: string[]; stage: string }>;
  leads: Array<{
    id: string;
    email: string;
    name: string;
    company: string | null;
    accountId: string | null;
  }>;
  contacts: Array<{ id: string; email: string; name: string; accountId: string; title: string }>;
}

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

function person(rng: Rng, language: Language, domain: string): Person {
  const first = pick(rng, FIRST[language]);
  const last = pick(rng, LAST[language]);
  return { name: `${first} ${last}`, email: `${ascii(first)}.${ascii(last)}@${domain}` };
}

/** The organisation: `accounts` accounts with 6-14 contacts each, leads besides. */
export function generateOrg(seed = 7, accounts = 300): { org: GeneratedOrg; world: World } {
  const rng = random(seed);
  const list: Account[] = [];
  const usedDomains = new Set<string>();
  const org: GeneratedOrg = {
    internalDomains: ['northwind.io', 'northwind.co.uk', 'eu.northwind.io'],
    accounts: [],
    leads: [],
    contacts: [],
  };
  let contactId = 0;
  for (let i = 0; i < accounts; i++) {
    const language = pick(rng, LANGUAGE_MIX);
    const word = pick(rng, COMPANY_WORDS[language]);
    const kind = pick(rng, COMPANY_KINDS[language]);
    const name = `${word} ${kind}${i >= 40 ? ` ${i}` : ''}`;
    let base = `${ascii(word)}-${ascii(kind.split(' ')[0] ?? 'co')}${i >= 40 ? i : ''}`;
    while (usedDomains.has(base)) base += 'x';
    usedDomains.add(base);
    const domains = [`${base}.${pick(rng, TLDS[language])}`];
    if (chance(rng, 0.15)) domains.push(`${base}-group.com`);
    if (chance(rng, 0.05)) domains.push(`eu.${base}.com`);
    const account: Account = {
      id: `acc-${String(i + 1).padStart(4, '0')}`,
      name,
      domains,
      stage: pick(rng, ACCOUNT_STAGES),
      language,
      contacts: [],
    };
    const contacts = between(rng, 6, 14);
    for (let c = 0; c < contacts; c++) {
      const p = person(rng, language, pick(rng, domains));
      if (account.contacts.some((known) => known.email === p.email)) continue;
      account.contacts.push(p);
      contactId += 1;
      org.contacts.push({
        id: `con-${String(contactId).padStart(5, '0')}`,
        email: p.email,
        name: p.name,
        accountId: account.id,
        title: pick(rng, CONTACT_TITLES),
      });
    }
    list.push(account);
    org.accounts.push({ id: account.id, name, domains, stage: account.stage });
  }
  const leads: Person[] = [];
  for (let l = 0; l < accounts * 3; l++) {
    const language = pick(rng, LANGUAGE_MIX);
    const freeMail = chance(rng, 0.3);
    const account = chance(rng, 0.4) ? pick(rng, list) : null;
    const domain = freeMail
      ? pick(rng, FREE_MAIL)
      : account
        ? (account.domains[0] ?? 'example.com')
        : `${ascii(pick(rng, COMPANY_WORDS[language]))}-${l}.${pick(rng, TLDS[language])}`;
    const p = person(rng, language, domain);
    leads.push(p);
    org.leads.push({
      id: `lead-${String(l + 1).padStart(5, '0')}`,
      email: p.email,
      name: p.name,
      company: account?.name ?? null,
      accountId: account?.id ?? null,
    });
  }
  const staff: Person[] = [];
  for (let s = 0; s < 400; s++) {
    const language = pick(rng, LANGUAGE_MIX);
    staff.push(person(rng, language, s % 7 === 0 ? 'northwind.co.uk' : 'northwind.io'));
  }
  return { org, world: { accounts: list, leads, staff, owners: staff.slice(0, 250) } };
}

interface World {
  accounts: Account[];
  leads: Person[];
  staff: Person[];
  /** The calendars the events come from. */
  owners: Person[];
}

/** The UTC offset of `zone` around `ms`, as `+01:00` (cached by hour). */
const offsetCache = new Map<string, string>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetIn(zone: string, ms: number): string {
  const key = `${zone}|${Math.floor(ms / 3_600_000)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    let format = offsetFormats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      offsetFormats.set(zone, format);
    }
    const name = format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName');
    const raw = (name?.value ?? 'GMT').replace('GMT', '');
    offset = raw === '' ? '+00:00' : raw;
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The wall-clock time of `ms` (read as UTC fields) in `zone`: business hours in every zone. */
function localIso(ms: number, zone: string): string {
  return `${new Date(ms).toISOString().slice(0, 19)}${offsetIn(zone, ms)}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

interface Attendee {
  email: string;
  name?: string;
  responseStatus?: string;
  optional?: boolean;
  resource?: boolean;
}

/** One event line (a JSON string) for the n-th event, starting around `at`. */
function eventLine(rng: Rng, world: World, n: number, at: number): string {
  const owner = pick(rng, world.owners);
  const roll = rng();
  const attendees: Attendee[] = [];
  const ownerAttendee = (status = 'accepted') => ({
    email: owner.email,
    name: owner.name,
    responseStatus: status,
  });
  let title: string;
  let description: string | null = null;
  let location: string | null = null;
  let organizer: Person = owner;
  let language: Language = pick(rng, LANGUAGE_MIX);
  let minutes = pick(rng, [30, 30, 45, 60, 60, 90]);
  let allDay = false;
  let status = 'confirmed';
  let transparency = 'opaque';
  let seriesId: string | null = null;
  const conference = () =>
    fill(pick(rng, CONFERENCE_BLOCKS), {
      n: String(80000000000 + n),
      m: `${between(rng, 100, 999)} ${between(rng, 1000, 9999)} ${between(rng, 1000, 9999)}`,
    });

  if (roll < 0.42) {
    // A customer meeting.
    const account = pick(rng, world.accounts);
    language = chance(rng, 0.75) ? account.language : 'en';
    const kind = pick(rng, [
      'discovery',
      'demo',
      'demo',
      'negotiation',
      'follow_up',
      'follow_up',
      'closing',
      'onboarding',
    ] as const);
    title = fill(pick(rng, SALES_TITLES[language][kind]), {
      org: account.name.split(' ')[0] ?? account.name,
      us: 'Northwind',
    });
    attendees.push(ownerAttendee());
    if (chance(rng, 0.4)) {
      const colleague = pick(rng, world.staff);
      if (colleague.email !== owner.email)
        attendees.push({
          email: colleague.email,
          name: colleague.name,
          responseStatus: 'accepted',
        });
    }
    const externals = between(rng, 1, 3);
    for (let i = 0; i < externals; i++) {
      const p = chance(rng, 0.8)
        ? pick(rng, account.contacts)
        : person(rng, account.language, pick(rng, account.domains));
      if (!p || attendees.some((a) => a.email === p.email)) continue;
      attendees.push({
        email: p.email,
        name: p.name,
        responseStatus: pick(rng, ['accepted', 'accepted', 'tentative', 'needsAction']),
        ...(chance(rng, 0.1) ? { optional: true } : {}),
      });
    }
    if (chance(rng, 0.2)) organizer = attendees[attendees.length - 1] as Person;
    if (chance(rng, 0.75)) description = pick(rng, AGENDAS[language]);
    if (chance(rng, 0.6)) {
      description = `${description ?? ''}${conference()}`;
      location = chance(rng, 0.5) ? `https://northwind.zoom.us/j/${80000000000 + n}` : null;
    } else if (chance(rng, 0.5)) {
      location = `${account.name}, Hauptstrasse ${between(rng, 1, 99)}`;
    }
    if (description && chance(rng, 0.15))
      description = `<html><body><div>${description.replace(/\n/g, '<br>')}</div></body></html>`;
    if (kind === 'onboarding' && chance(rng, 0.5)) seriesId = `series-${account.id}-onb`;
    if (chance(rng, 0.04)) status = 'cancelled';
  } else if (roll < 0.5) {
    // A lead booked through a scheduling tool, or met on free mail.
    const lead = pick(rng, world.leads);
    language = chance(rng, 0.6) ? 'en' : pick(rng, LANGUAGE_MIX);
    title = chance(rng, 0.5)
      ? `${lead.name} and ${owner.name}`
      : fill(pick(rng, SALES_TITLES[language].discovery), {
          org: lead.name.split(' ')[1] ?? lead.name,
          us: 'Northwind',
        });
    attendees.push(ownerAttendee(), {
      email: lead.email,
      name: lead.name,
      responseStatus: 'accepted',
    });
    description = `${chance(rng, 0.5) ? 'Please share anything that will help prepare for our meeting.' : ''}${fill(SCHEDULING_BLOCK, { n: `${n}` })}`;
    location = `https://meet.google.com/xyz-abcd-${String(n % 1000).padStart(3, '0')}`;
    minutes = 30;
  } else if (roll < 0.74) {
    // An internal meeting, often recurring, sometimes in a room.
    const colleague = pick(rng, world.staff);
    const account = pick(rng, world.accounts);
    title = fill(pick(rng, INTERNAL_TITLES[language]), {
      name: colleague.name.split(' ')[0] ?? '',
      org: account.name.split(' ')[0] ?? '',
    });
    attendees.push(ownerAttendee());
    const size = between(rng, 1, 6);
    for (let i = 0; i < size; i++) {
      const p = pick(rng, world.staff);
      if (!attendees.some((a) => a.email === p.email))
        attendees.push({ email: p.email, name: p.name, responseStatus: 'accepted' });
    }
    if (chance(rng, 0.3))
      attendees.push({
        email: `c_188${between(rng, 100, 999)}@resource.calendar.google.com`,
        name: `Room ${pick(rng, ['Zurich', 'Berlin', 'Lyon', 'Madrid'])}`,
        resource: true,
        responseStatus: 'accepted',
      });
    if (chance(rng, 0.5)) seriesId = `series-internal-${n % 97}`;
    if (chance(rng, 0.4))
      description = chance(rng, 0.5) ? conference().trim() : 'Agenda in the doc.';
    if (chance(rng, 0.05)) attendees[0] = ownerAttendee('declined');
  } else if (roll < 0.9) {
    // A personal or focus block, travel, out of office.
    title = pick(rng, PERSONAL_TITLES[language]);
    attendees.length = 0;
    if (chance(rng, 0.3)) transparency = 'transparent';
    if (chance(rng, 0.15)) allDay = true;
    if (chance(rng, 0.2)) seriesId = `series-personal-${n % 31}`;
    minutes = pick(rng, [30, 60, 120, 180]);
  } else {
    // Vendors, partners, investors, interviews, webinars, support.
    title = pick(rng, OTHER_TITLES);
    language = 'en';
    attendees.push(ownerAttendee());
    const outside = between(rng, 1, 3);
    const domain = `${ascii(pick(rng, COMPANY_WORDS.en))}${n % 50}-partners.com`;
    for (let i = 0; i < outside; i++) {
      const p = person(rng, 'en', chance(rng, 0.2) ? pick(rng, FREE_MAIL) : domain);
      if (!attendees.some((a) => a.email === p.email))
        attendees.push({ email: p.email, name: p.name, responseStatus: 'needsAction' });
    }
    if (chance(rng, 0.6)) description = conference().trim();
    if (chance(rng, 0.3)) organizer = attendees[1] as Person;
  }

  const zone = pick(rng, ZONES[language]);
  const event: Record<string, unknown> = {
    id: `evt-${String(n).padStart(7, '0')}`,
    title,
  };
  if (description !== null) event['description'] = description;
  if (allDay) {
    const day = new Date(at).toISOString().slice(0, 10);
    const next = new Date(at + 86_400_000).toISOString().slice(0, 10);
    event['start'] = day;
    event['end'] = next;
  } else {
    event['start'] = localIso(at, zone);
    event['end'] = localIso(at + minutes * 60_000, zone);
  }
  event['timeZone'] = zone;
  event['allDay'] = allDay;
  if (location !== null) event['location'] = location;
  if (attendees.length > 0) {
    event['organizer'] = { email: organizer.email, name: organizer.name };
    event['attendees'] = attendees;
  }
  event['status'] = status;
  event['transparency'] = transparency;
  if (seriesId !== null) event['seriesId'] = seriesId;
  event['calendarOwner'] = owner.email;
  return JSON.stringify(event);
}

/**
 * Writes `count` events to `file` from 2026-01-05, one every 10 seconds on average across the
 * calendars, in local business hours (a million events cover about nine months), and returns the
 * number of bytes written. Lines are in order of local time, as a merged export often is: across
 * time zones, a few hours out of start order.
 */
export async function writeEvents(
  file: string,
  count: number,
  world: World,
  seed = 11,
): Promise<number> {
  const rng = random(seed);
  const out = createWriteStream(file);
  let bytes = 0;
  let chunk = '';
  let at = Date.parse('2026-01-05T08:00:00Z');
  for (let n = 1; n <= count; n++) {
    at += between(rng, 0, 20) * 1000;
    if (new Date(at).getUTCHours() >= 18) at += 14 * 3_600_000; // overnight
    const line = eventLine(rng, world, n, Math.floor(at / 900_000) * 900_000);
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.write(chunk);
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
  return bytes;
}

/** Bump when the generated data changes, so that cached files are written again. */
export const GENERATOR_VERSION = 1;

export interface AnalysisInput {
  events: string;
  org: string;
  bytes: number;
  accounts: number;
  leads: number;
  contacts: number;
  /** False when both files were already in `dir` from an earlier run. */
  generated: boolean;
  ms: number;
}

/** The org.json and `count` events in `dir`, written unless an earlier run left them there. */
export async function ensureAnalysisInput(dir: string, count: number): Promise<AnalysisInput> {
  const started = performance.now();
  const { org, world } = generateOrg();
  const orgFile = join(dir, `analyze-org-v${GENERATOR_VERSION}.json`);
  const events = join(dir, `analyze-events-v${GENERATOR_VERSION}-${count}.jsonl`);
  const sizeFile = `${events}.bytes`;
  const sizes = {
    accounts: org.accounts.length,
    leads: org.leads.length,
    contacts: org.contacts.length,
  };
  if (existsSync(orgFile) && existsSync(events) && existsSync(sizeFile)) {
    const bytes = Number(readFileSync(sizeFile, 'utf8'));
    return { events, org: orgFile, bytes, ...sizes, generated: false, ms: 0 };
  }
  writeFileSync(orgFile, `${JSON.stringify(org, null, 1)}\n`);
  const partial = `${events}.partial`;
  const bytes = await writeEvents(partial, count, world);
  renameSync(partial, events);
  writeFileSync(sizeFile, String(bytes));
  return {
    events,
    org: orgFile,
    bytes,
    ...sizes,
    generated: true,
    ms: performance.now() - started,
  };
}
