import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('refuses a quote still open at the end, naming its row and the line it opened on', () => {
    // Without the check, every later row became part of one cell and the import said nothing.
    const text = 'id,name\nacc-1,Acme\nacc-2,"Globex, Inc\nacc-3,Initech\n';
    expect(() => parseCsv(text)).toThrow('row 3: unterminated quoted field (opened on line 3)');
    expect(() => parseCsv(text)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('counts lines across quoted line breaks and CRLF endings', () => {
    const text = 'a,"multi\r\nline"\r\nb,c\r\n"open,d\r\n';
    expect(() => parseCsv(text)).toThrow('row 3: unterminated quoted field (opened on line 4)');
  });

  it('names rows as the caller counts them', () => {
    const name = (index: number) => (index === 0 ? 'header' : `row ${index}`);
    expect(() => parseCsv('id,name\nacc-2,"Globex\n', name)).toThrow(
      'row 1: unterminated quoted field (opened on line 2)',
    );
    expect(() => parseCsv('"id,name\n', name)).toThrow('header: unterminated quoted field');
  });

  it('still reads a closed quote at the very end of the input', () => {
    expect(parseCsv('a,"b\nc"')).toEqual([['a', 'b\nc']]);
  });
});
