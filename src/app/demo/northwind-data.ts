/** Who Northwind is, and the words its generated calendars are made of (see northwind-org.ts). */
import type { GoogleSeed } from '../../../emulators/google/types.js';
import type { AccountStage } from '../../domain/matching/crm.js';
export const NORTHWIND_DOMAIN = 'northwind.io';

export interface DemoPerson {
  email: string;
  name: string;
  role: 'ae' | 'se' | 'sdr' | 'manager' | 'csm' | 'ops';
  timeZone: string;
  city: string;
}

export interface DemoAccount {
  name: string;
  domain: string;
  city: string;
  owner: string;
  /** One of the CRM API's own stages (ACCOUNT_STAGES), so that priority and the API know it. */
  stage: AccountStage;
  contacts: { email: string; name: string; title: string }[];
}

export interface DemoOrganisation {
  people: DemoPerson[];
  accounts: DemoAccount[];
  /** People who booked a meeting with a free-mail address: CRM leads without an account. */
  leads: { email: string; name: string; company: string }[];
  seed: GoogleSeed;
}

export const NORTHWIND_PEOPLE: readonly DemoPerson[] = [
  {
    email: 'dana@northwind.io',
    name: 'Dana Reyes',
    role: 'ae',
    timeZone: 'Europe/Berlin',
    city: 'Berlin',
  },
  {
    email: 'sam@northwind.io',
    name: 'Sam Okafor',
    role: 'ae',
    timeZone: 'Europe/London',
    city: 'London',
  },
  {
    email: 'chloe@northwind.io',
    name: 'Chloé Martin',
    role: 'ae',
    timeZone: 'Europe/Paris',
    city: 'Paris',
  },
  {
    email: 'tom@northwind.io',
    name: 'Tom Schulz',
    role: 'ae',
    timeZone: 'Europe/Berlin',
    city: 'Munich',
  },
  {
    email: 'ines@northwind.io',
    name: 'Inés García',
    role: 'csm',
    timeZone: 'Europe/Madrid',
    city: 'Madrid',
  },
  {
    email: 'lukas@northwind.io',
    name: 'Lukas Becker',
    role: 'se',
    timeZone: 'Europe/Berlin',
    city: 'Berlin',
  },
  {
    email: 'priya@northwind.io',
    name: 'Priya Nair',
    role: 'sdr',
    timeZone: 'Europe/London',
    city: 'London',
  },
  {
    email: 'maya@northwind.io',
    name: 'Maya Chen',
    role: 'manager',
    timeZone: 'Europe/Berlin',
    city: 'Berlin',
  },
  {
    email: 'jonas@northwind.io',
    name: 'Jonas Weber',
    role: 'ae',
    timeZone: 'Europe/Zurich',
    city: 'Zurich',
  },
  {
    email: 'omar@northwind.io',
    name: 'Omar Haddad',
    role: 'ops',
    timeZone: 'Europe/Berlin',
    city: 'Berlin',
  },
];

export const COMPANY_FIRST = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Wonka',
  'Aperture',
  'Gringotts',
  'Oscorp',
  'Massive',
  'Pied',
  'Dunder',
  'Prestige',
  'Sterling',
  'Blue',
  'Nordic',
  'Alpine',
  'Atlas',
];
export const COMPANY_SECOND = ['Robotics', 'Logistics', 'Health', 'Energy', 'Foods'];
export const CITIES = [
  'Berlin',
  'Munich',
  'Hamburg',
  'London',
  'Manchester',
  'Paris',
  'Lyon',
  'Madrid',
  'Barcelona',
  'Zurich',
  'Amsterdam',
  'Vienna',
];
export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Ida',
  'Jan',
  'Karin',
  'Leon',
  'Mila',
  'Noah',
  'Olga',
  'Paul',
  'Rosa',
  'Simon',
  'Tara',
  'Uwe',
  'Vera',
  'Yusuf',
];
export const LAST_NAMES = [
  'Müller',
  'Smith',
  'Dubois',
  'López',
  'Rossi',
  'Novak',
  'Jansen',
  'Berg',
  'Kowalski',
  'Silva',
  'Nielsen',
  'Fischer',
];
export const TITLES = [
  'CEO',
  'CFO',
  'VP Engineering',
  'Head of Procurement',
  'IT Director',
  'Legal Counsel',
  'Operations Manager',
  'Sales Director',
  'Data Analyst',
  'CTO',
];

export type Stage = 'discovery' | 'demo' | 'follow_up' | 'negotiation' | 'closing';

export const TITLES_BY_STAGE: Record<Stage, readonly string[]> = {
  discovery: [
    'Discovery call: {a} <> Northwind',
    'Intro call – {a} / Northwind',
    'Erstgespräch {a}',
    '30 Minute Meeting between {p} and {c}',
    'Premier échange {a}',
  ],
  demo: [
    'Northwind demo for {a}',
    'Product demo – {a}',
    'Démo produit {a}',
    'Demo de producto: {a}',
    '{a}: platform walkthrough 🚀',
  ],
  follow_up: [
    'Follow-up: next steps with {a}',
    'Reunión de seguimiento {a}',
    'Technical deep dive {a}',
    'Check-in {a} / Northwind',
  ],
  negotiation: [
    '{a} / Northwind – pricing & terms',
    'Commercial proposal review ({a})',
    'Vertragsverhandlung {a}',
    'Procurement call {a}',
  ],
  closing: [
    'Contract signature {a}',
    '{a}: final approval & kickoff planning',
    'Closing call – {a}',
  ],
};
