/** The people of the conflict API tests: the rep whose calendar it is, a buyer, a colleague. */
export const REP = 'rep@acme.test';

export const BUYER = {
  email: 'buyer@globex.test',
  name: 'Buyer',
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
};

export const me = { ...BUYER, email: REP, name: 'Rep' };
export const colleague = { ...BUYER, email: 'colleague@acme.test', name: 'Colleague' };
