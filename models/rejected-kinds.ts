/**
 * Made-up events of three kinds an organisation's users would reject one after the other,
 * added to ruta-logistica's calendars for the one-sided evaluation (one-sided.ts): the
 * hand-labelled corpus holds at most seven false detections per organisation, too few to see what
 * ten, twenty-five or fifty rejections teach. None is a sales meeting by the labelling guide
 * (analysis-io.md): a recruiting agency's calls, a vendor's meetings in which Ruta is the buyer,
 * a reseller's syncs without the customer present. The templates were written once, before any
 * was scored, and are not tuned to the results; everything is chosen by hashing the kind and the
 * event's number, so the events are the same on every run. Never used to train the base models.
 */
import type { Attendee } from '../src/domain/event.js';
import { hash32 } from '../src/domain/detection/text.js';
import type { LabelledEvent } from './corpus.js';

export interface RejectedKind {
  name: string;
  /** In a sentence, for the report. */
  description: string;
  domain: string;
  /** Their people: [email local part, name]. */
  people: readonly (readonly [string, string])[];
  /** Ruta's people in such meetings; the first one present owns the calendar. */
  ours: readonly (readonly [string, string])[];
  titles: readonly string[];
  descriptions: readonly string[];
}

const RUTA = {
  lucia: ['lucia.fernandez@rutalogistica.es', 'Lucía Fernández'],
  javier: ['javier.morales@rutalogistica.es', 'Javier Morales'],
  sofia: ['sofia.navarro@rutalogistica.es', 'Sofía Navarro'],
  mariana: ['mariana.cruz@rutalogistica.mx', 'Mariana Cruz'],
  diego: ['diego.ramirez@rutalogistica.mx', 'Diego Ramírez'],
} as const;

export const REJECTED_KINDS: readonly RejectedKind[] = [
  {
    name: 'recruiting agency',
    description:
      'calls with Talento Logístico, the headhunters filling its sales roles (candidates, shortlists, fees)',
    domain: 'talentologistico.es',
    people: [
      ['marta.gil', 'Marta Gil'],
      ['pablo.serrano', 'Pablo Serrano'],
    ],
    ours: [RUTA.lucia, RUTA.mariana, RUTA.diego],
    titles: [
      'Talento Logístico – shortlist Account Executive Madrid',
      'Revisión de candidatos SDR con Talento Logístico',
      'Talento Logístico: presentación de candidata KAM Levante',
      'Llamada con Marta (Talento Logístico) – perfiles preventa',
      'Talento Logístico – feedback entrevistas Head of Sales Colombia',
      'Talento Logístico – propuesta de honorarios 2026',
      'Seguimiento búsqueda AE Texas – Talento Logístico',
      'Talento Logístico: cierre de la búsqueda KAM y próximos perfiles',
    ],
    descriptions: [
      'Marta nos presenta tres perfiles para el puesto. CVs en el enlace.',
      'Repasamos el estado de las búsquedas abiertas y el calendario de entrevistas.',
      'Condiciones del servicio: honorarios, garantía de reposición y exclusividad.',
      '',
    ],
  },
  {
    name: 'vendor',
    description:
      'meetings with Telemetrix, which sells Ruta the telematics boxes and SDK its product uses (Ruta is the buyer)',
    domain: 'telemetrix.es',
    people: [
      ['jorge.vidal', 'Jorge Vidal'],
      ['ana.prieto', 'Ana Prieto'],
      ['soporte', 'Soporte Telemetrix'],
    ],
    ours: [RUTA.sofia, RUTA.javier, RUTA.lucia],
    titles: [
      'Telemetrix – seguimiento semanal integración SDK',
      'Revisión de roadmap Telemetrix Q2',
      'Telemetrix: demo del nuevo firmware TX-600',
      'Telemetrix – propuesta de renovación de licencias SDK',
      'Telemetrix – incidencias abiertas y próximos hitos',
      'Telemetrix: precios por volumen cajas TX-600',
      'Llamada con Jorge (Telemetrix) – plazos de entrega',
      'Telemetrix – revisión del contrato de suministro',
    ],
    descriptions: [
      'Compramos a Telemetrix las cajas telemáticas que instalamos en clientes. Revisión con su equipo.',
      'Jorge trae la nueva tabla de precios y el plan de entregas del trimestre.',
      'Estado de la integración del SDK en la app de conductores.',
      '',
    ],
  },
  {
    name: 'reseller',
    description:
      'syncs with Andes Integraciones, its reseller in Colombia and Peru, without the customer present',
    domain: 'andesintegraciones.co',
    people: [
      ['camilo.rojas', 'Camilo Rojas'],
      ['valentina.mejia', 'Valentina Mejía'],
    ],
    ours: [RUTA.mariana, RUTA.diego, RUTA.sofia],
    titles: [
      'Andes Integraciones – pipeline semanal',
      'Andes: revisión de oportunidades registradas',
      'Andes Integraciones – plan conjunto Q2',
      'Formación de preventa para Andes – módulo de rutas',
      'Andes Integraciones – seguimiento comercial Perú',
      'Andes: descuentos de partner y precios para sus clientes',
      'Llamada con Camilo (Andes) – próximos pasos',
      'Andes Integraciones – demo para su equipo comercial',
    ],
    descriptions: [
      'Revisión con nuestro reseller: oportunidades, registros y material de marketing.',
      'Camilo repasa sus cuentas en Bogotá y Lima y qué necesita de nosotros.',
      'Sesión interna con el partner, sin cliente.',
      '',
    ],
  },
];

/** The first Monday of the corpus' period and the span the made-up events are spread over. */
const FIRST_DAY = Date.parse('2026-01-12T00:00:00Z');
const SPAN_DAYS = 130;
/** Made-up events per kind: enough that fifty of the training ones are detected, if they are. */
export const EVENTS_PER_KIND = 150;

/** The kind's events as labelled corpus events of `organisation` (a third held out). */
export function kindEvents(kind: RejectedKind, organisation: string): LabelledEvent[] {
  return Array.from({ length: EVENTS_PER_KIND }, (_, i) => kindEvent(kind, organisation, i));
}

function kindEvent(kind: RejectedKind, organisation: string, i: number): LabelledEvent {
  const pick = <T>(list: readonly T[], what: string): T =>
    list[hash32(`${kind.name}/${i}/${what}`) % list.length] as T;
  const [ourEmail, ourName] = pick(kind.ours, 'ours');
  const [theirLocal, theirName] = pick(kind.people, 'theirs');
  const theirEmail = `${theirLocal}@${kind.domain}`;
  const start = startOf(i, pick([9, 10, 11, 12, 15, 16, 17], 'hour'));
  const minutes = pick([30, 45, 60], 'length');
  const theyOrganise = pick([true, false], 'organiser');
  const attendees: Attendee[] = [ourEmail, theirEmail].map((email, k) => ({
    email,
    name: k === 0 ? ourName : theirName,
    responseStatus: 'accepted',
    optional: false,
    resource: false,
  }));
  return {
    organisation,
    input: {
      id: `${organisation}-${kind.name.replace(/ /g, '-')}-${String(i + 1).padStart(3, '0')}`,
      title: pick(kind.titles, 'title'),
      description: pick(kind.descriptions, 'description') || null,
      location: pick(
        [
          `https://meet.google.com/${kind.domain.slice(0, 3)}-${i}`,
          'Reunión de Microsoft Teams',
          'Teléfono',
        ],
        'location',
      ),
      start: new Date(start).toISOString(),
      end: new Date(start + minutes * 60_000).toISOString(),
      allDay: false,
      timeZone: 'Europe/Madrid',
      organizer: theyOrganise
        ? { email: theirEmail, name: theirName }
        : { email: ourEmail, name: ourName },
      attendees,
      status: 'confirmed',
      transparency: 'opaque',
      seriesId: null,
      calendarOwner: ourEmail,
    },
    label: {
      isSalesMeeting: false,
      meetingType: null,
      category: kind.name,
      language: 'es',
      split: i % 3 === 2 ? 'heldout' : 'train',
    },
  };
}

/** The i-th event's start: spread evenly over the span, moved off weekends, at `hour` Madrid. */
function startOf(i: number, hour: number): number {
  const day = Math.floor((i * SPAN_DAYS) / EVENTS_PER_KIND);
  const weekday = (day % 7) + 1; // FIRST_DAY is a Monday
  const workday = weekday >= 6 ? day + (8 - weekday) : day;
  // Madrid is UTC+1 until the last Sunday of March and UTC+2 after.
  const offset = workday >= 76 ? 2 : 1;
  return FIRST_DAY + workday * 86_400_000 + (hour - offset) * 3_600_000;
}
