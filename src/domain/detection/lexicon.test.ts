import { describe, expect, it } from 'vitest';
import { conceptsIn } from './lexicon.js';
import { normaliseText } from './text.js';

const concepts = (text: string) => conceptsIn(normaliseText(text));

describe('conceptsIn', () => {
  it('matches a short term marked as a whole word only as that word', () => {
    expect(concepts('Ticket #4471 - export comptable Sage KO')).toContain('support');
    expect(concepts('Sage KO.')).toContain('support');
    expect(concepts('Kontakt über VDMA-Arbeitskreis')).not.toContain('support');
    expect(concepts('kennismaking + korte demo')).not.toContain('support');
    expect(concepts('Reparto de congelado, volumen 870')).not.toContain('block');
    expect(concepts('Payflow toont de koppeling met het sociaal secretariaat')).not.toContain(
      'partner',
    );
    expect(concepts('Kyros, nuestro socio SAP')).toContain('partner');
    expect(concepts('Gesprek Kinderopvang De Regenboog')).not.toContain('personal');
    expect(concepts('Kinder abholen')).toContain('personal');
  });

  it('finds the relationship with an executive after an incident', () => {
    expect(concepts('RK Kunststoff – Executive Check-in nach Störung')).toContain('relationship');
    expect(concepts('Point direction Verrerie Lumas suite à l’incident')).toContain('relationship');
    expect(concepts('Jorge Canché – llamada de relación')).toContain('relationship');
  });

  it('tells a security review by the customer from our own purchases', () => {
    expect(concepts('Vendor Security Review – Ruta Logística')).toContain('negotiation');
    expect(concepts('Vendor Security Review – Ruta Logística')).not.toContain('vendor');
    expect(concepts('Necesitamos 2 furgonetas; Raquel envía propuesta')).toContain('vendor');
    expect(concepts('Parents’ evening at school')).toContain('personal');
    // Orders alone are the customer's as often as ours; "our order" is ours.
    expect(concepts('Reasignación de pedidos, monitoreo en vivo')).not.toContain('vendor');
    expect(concepts('Estado de nuestro pedido')).toContain('vendor');
  });
});
